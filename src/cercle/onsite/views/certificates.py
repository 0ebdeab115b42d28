from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from cercle.core.errors import DomainError
from cercle.meetings.models import Registration
from cercle.onsite import services
from cercle.onsite.views.common import file_response, meeting_for


@login_required
def my_certificate(request, slug):
    meeting = meeting_for(request, slug)
    registration = get_object_or_404(
        Registration.objects.select_related("meeting__host"),
        meeting=meeting,
        person=request.user,
        cancelled_at__isnull=True,
    )
    try:
        pdf = services.certificate_for(registration=registration, actor=request.user)
    except DomainError as error:
        # The page says why there is no certificate yet (or none at all).
        return render(
            request,
            "onsite/my_certificate.html",
            {"meeting": meeting, "reason": error.message, "code": error.code},
        )
    return file_response(pdf, f"attestation-{meeting.slug}.pdf")


@login_required
def certificates(request, slug):
    meeting = meeting_for(request, slug, manage=True)
    fmt = request.GET.get("format")
    if fmt in {"pdf", "zip"}:
        try:
            content = services.certificates_for(
                meeting=meeting, actor=request.user, as_zip=fmt == "zip"
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return file_response(
                content,
                f"attestations-{meeting.slug}.{fmt}",
                content_type="application/zip" if fmt == "zip" else "application/pdf",
            )
    return render(request, "onsite/certificates.html", {"meeting": meeting})
