from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cercle.core.errors import DomainError
from cercle.onsite import services
from cercle.onsite.forms import BadgeForm
from cercle.onsite.views.common import file_response, meeting_for


@login_required
def badges(request, slug):
    meeting = meeting_for(request, slug, manage=True)
    days = list(meeting.days.all())
    everyone = list(services.onsite_registrations(meeting=meeting))
    organisations = sorted(
        {(r.organisation_id, r.organisation.name) for r in everyone}, key=lambda o: o[1]
    )
    form = BadgeForm(
        request.GET if "layout" in request.GET else None,
        days=days,
        organisations=organisations,
        registrations=everyone,
    )
    if form.is_valid():
        data = form.cleaned_data
        registrations = services.onsite_registrations(
            meeting=meeting,
            day=next((d for d in days if str(d.pk) == data["day"]), None),
            organisation=data["organisation"] or None,
            ids=[int(pk) for pk in data["people"]] or None,
        )
        try:
            pdf = services.badges_pdf(
                meeting=meeting,
                actor=request.user,
                layout=data["layout"],
                registrations=registrations,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return file_response(pdf, f"badges-{meeting.slug}.pdf")
    return render(
        request,
        "onsite/badges.html",
        {"meeting": meeting, "form": form, "count": len(everyone)},
    )
