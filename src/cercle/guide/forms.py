from django import forms
from django.utils.translation import gettext_lazy as _

from cercle.core.errors import DomainError
from cercle.guide import services
from cercle.guide.enums import ActionStatus, Column, Responsible
from cercle.guide.models import MAX_TEXT
from cercle.meetings.models import Meeting


def days_text(value) -> str:
    """2.50 → "2.5", 10.00 → "10" (never "1E+1")."""
    return "" if value is None else f"{value.normalize():f}"


def _checked(check, value, **kwargs):
    """Run a service check so the form shows the same French sentence as the service."""
    try:
        return check(value, **kwargs)
    except DomainError as error:
        raise forms.ValidationError(error.message, code=error.code) from None


class GuideTaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    responsible = forms.ChoiceField(label=_("Who does it"), choices=Responsible.choices)
    offset_days = forms.CharField(
        label=_("Deadline"),
        max_length=10,
        help_text=_(
            'Relative to the first day of the meeting: "J-120" (120 days before) to "J+30" '
            '(30 days after), "J" for the day itself.'
        ),
    )
    effort_days = forms.CharField(
        label=_("Estimated effort, in days"),
        max_length=10,
        help_text=_("Days of work, such as 0.5 or 2."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    key = forms.SlugField(
        label=_("Key"),
        required=False,
        max_length=50,
        help_text=_('Optional: a name other parts of the platform use, such as "handover".'),
    )
    why = forms.CharField(
        label=_("Why this change"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the guide's history."),
    )

    def clean_offset_days(self):
        return _checked(services.parse_offset, self.cleaned_data["offset_days"])

    def clean_effort_days(self):
        return _checked(services.check_effort, self.cleaned_data["effort_days"])

    @staticmethod
    def initial_for(task) -> dict:
        return {
            "title": task.title,
            "responsible": task.responsible,
            "offset_days": task.deadline_label,
            "effort_days": days_text(task.effort_days),
            "note": task.note,
            "key": task.key,
        }


class WithdrawForm(forms.Form):
    why = forms.CharField(
        label=_("Why"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )


class RetroItemForm(forms.Form):
    column = forms.ChoiceField(
        label=_("Column"), choices=Column.choices, widget=forms.RadioSelect, initial=Column.GOOD
    )
    text = forms.CharField(
        label=_("Item"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("Action"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    applies_to = forms.ModelChoiceField(
        label=_("Edition it applies to"), queryset=Meeting.objects.order_by("edition")
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        later = Meeting.objects.filter(edition__gt=meeting.edition).order_by("edition")
        self.fields["applies_to"].queryset = later | Meeting.objects.filter(pk=meeting.pk)
        self.fields["applies_to"].label_from_instance = lambda m: f"{m.edition} — {m.title}"
        applies_to = later.first() or meeting
        self.fields["applies_to"].initial = applies_to.pk
        # Every référent of any later host may own an action; the service checks the pair.
        hosts = Meeting.objects.filter(edition__gte=meeting.edition)
        self.fields["owner"].queryset = services.owner_choices_for_hosts(
            set(hosts.values_list("host_id", flat=True))
        )
        self.fields["owner"].label_from_instance = lambda p: p.display_name or p.email


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class ChecklistTaskForm(forms.Form):
    done = forms.BooleanField(label=_("Done"), required=False)
    effort_spent_days = forms.CharField(label=_("Days spent"), required=False, max_length=10)

    def clean_effort_spent_days(self):
        value = self.cleaned_data["effort_spent_days"].strip()
        if not value:
            return None
        return _checked(services.check_effort, value, field="effort_spent_days")
