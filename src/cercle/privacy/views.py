import json
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from cercle.core.errors import DomainError
from cercle.privacy import services
from cercle.privacy.activities import activities
from cercle.privacy.forms import ErasureForm
from cercle.privacy.providers import FIELD_LABELS, PROVIDERS


def _display(value) -> str:
    """A value as a person reads it: dates in words (Paris time), yes or no, a dash for none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal):
        return number_format(value, decimal_pos=2)
    return str(value)


def _readable(person) -> list[dict]:
    return [
        {
            "key": provider.key,
            "title": provider.title,
            "records": [
                [(FIELD_LABELS.get(key, key), _display(value)) for key, value in row.items()]
                for row in provider.collect(person)
            ],
        }
        for provider in PROVIDERS
    ]


@login_required
def my_data(request):
    """The signed-in person's own data, readable; only ever their own (no id in the URL)."""
    return render(
        request,
        "privacy/my_data.html",
        {"sections": _readable(request.user), "generated_at": timezone.now()},
    )


@login_required
def my_data_json(request):
    export = services.export_for(request.user)
    response = HttpResponse(
        json.dumps(export, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"cercle-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request):
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_person(
                person=request.user, confirmation=form.cleaned_data["confirmation"]
            )
        except DomainError as error:
            form.add_error("confirmation" if error.fields else None, error.message)
        else:
            logout(request)
            return redirect("privacy:erased")
    return render(
        request,
        "privacy/erase.html",
        {
            "form": form,
            "word": services.confirmation_word(),
            "sole_referent_of": services.sole_referent_of(request.user),
        },
    )


def erased(request):
    return render(request, "privacy/erased.html")


def activities_page(request):
    return render(request, "privacy/activities.html", {"activities": activities()})
