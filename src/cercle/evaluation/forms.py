from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.evaluation.enums import RATINGS
from cercle.evaluation.models import MAX_TEXT
from cercle.meetings.models import PARIS

RATING_ERRORS = {
    "required": _("Choose a rating from 1 to 5."),
    "invalid_choice": _("Choose a rating from 1 to 5."),
}


def rating_choices(*, optional: bool):
    choices = [(str(r), str(r)) for r in RATINGS]
    return [("", _("No opinion")), *choices] if optional else choices


class AnswerForm(forms.Form):
    """The survey: an overall rating, a rating per attended session, three free texts."""

    overall = forms.TypedChoiceField(
        label=_("Overall, how would you rate this meeting?"),
        help_text=_("1 = very disappointing, 5 = excellent."),
        choices=rating_choices(optional=False),
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "rating"}),
        error_messages=RATING_ERRORS,
    )
    keep = forms.CharField(
        label=_("What should we keep?"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    improve = forms.CharField(
        label=_("What should we improve?"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    comments = forms.CharField(
        label=_("Anything else you would like to tell us?"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, sessions=(), answer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = list(sessions)
        for session in self.sessions:
            start = timezone.localtime(session.starts_at, PARIS)
            self.fields[f"session_{session.pk}"] = forms.TypedChoiceField(
                label=session.title,
                help_text=start.strftime("%d/%m %H:%M"),
                choices=rating_choices(optional=True),
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "rating"}),
                error_messages=RATING_ERRORS,
            )
        if answer is not None and not self.is_bound:
            self.initial.update(
                overall=str(answer.overall),
                keep=answer.keep,
                improve=answer.improve,
                comments=answer.comments,
            )
            for rating in answer.ratings.all():
                self.initial[f"session_{rating.session_id}"] = str(rating.rating)
        for name in ("keep", "improve", "comments"):
            self.fields[name].error_messages["max_length"] = _(
                "At most %(limit_value)d characters (it has %(show_value)d)."
            )

    def session_fields(self):
        return [self[f"session_{session.pk}"] for session in self.sessions]

    def ratings(self) -> dict[int, int]:
        return {
            session.pk: self.cleaned_data[f"session_{session.pk}"]
            for session in self.sessions
            if self.cleaned_data.get(f"session_{session.pk}") is not None
        }


class OpenForm(forms.Form):
    closes_on = forms.DateField(
        label=_("Answers accepted until (included)"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 30/06/2027.")},
    )

    def closes_at(self) -> datetime:
        """The end of the chosen day in Paris."""
        day = self.cleaned_data["closes_on"] + timedelta(days=1)
        return datetime.combine(day, time(0, 0), tzinfo=PARIS)
