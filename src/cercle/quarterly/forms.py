from datetime import datetime, time

from django import forms
from django.utils.translation import gettext_lazy as _

from cercle.meetings.models import PARIS
from cercle.quarterly.models import NOTE_MAX_LENGTH


class SessionForm(forms.Form):
    """When the quarterly session takes place (its quarter follows from the date)."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}), initial=time(14)
    )
    ends = forms.TimeField(
        label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}), initial=time(16)
    )
    online_url = forms.URLField(
        label=_("Online room"),
        required=False,
        assume_scheme="https",
        help_text=_("The link registered people use to join."),
    )

    def clean(self):
        cleaned = super().clean()
        day, starts, ends = cleaned.get("date"), cleaned.get("starts"), cleaned.get("ends")
        if day and starts and ends:
            if ends <= starts:
                self.add_error("ends", _("The session must end after it starts."))
            cleaned["starts_at"] = datetime.combine(day, starts, tzinfo=PARIS)
            cleaned["ends_at"] = datetime.combine(day, ends, tzinfo=PARIS)
        return cleaned


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label=_("Title on the agenda"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the request's title."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the session should discuss about this request."),
    )


class AddRequestsForm(forms.Form):
    requests = forms.MultipleChoiceField(
        label=_("Proposed requests"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = {str(p.request.pk): p.request for p in proposals}
        self.fields["requests"].choices = [
            (
                str(p.request.pk),
                _("%(reference)s %(title)s — %(endorsements)s endorsements, %(supports)s +1")
                % {
                    "reference": p.request.reference,
                    "title": p.request.title,
                    "endorsements": p.endorsements,
                    "supports": p.supports,
                },
            )
            for p in proposals
        ]

    def chosen(self):
        return [self.by_pk[pk] for pk in self.cleaned_data["requests"]]
