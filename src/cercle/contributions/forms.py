from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cercle.contributions.enums import Decision, Format
from cercle.contributions.models import MAX_SCORE, MIN_SCORE, Call, Proposal
from cercle.contributions.services import SpeakerLine
from cercle.meetings.formatting import day_label
from cercle.meetings.forms import DateTimeLocalInput
from cercle.meetings.models import MeetingDay, Track
from cercle.organisations.enums import Role
from cercle.organisations.models import Organisation

MAX_OTHER_SPEAKERS = 10


def one_line(text: str) -> str:
    """Titles stay on one line: line breaks and runs of spaces become one space."""
    return " ".join(text.split())


class CallForm(forms.ModelForm):
    formats = forms.MultipleChoiceField(
        label=_("Formats wanted"), choices=Format.choices, widget=forms.CheckboxSelectMultiple
    )
    referees = forms.ModelMultipleChoiceField(
        label=_("Référents on the programme committee"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vendor staff always belong to the committee."),
    )

    class Meta:
        model = Call
        fields = ["deadline", "formats", "introduction", "referees"]
        widgets = {
            "deadline": DateTimeLocalInput(),
            "introduction": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"deadline": _("Europe/Paris time; proposals are taken until then.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referees"].queryset = (
            get_user_model()
            .objects.filter(memberships__role=Role.REFERENT, is_active=True)
            .distinct()
            .order_by("display_name", "email")
        )
        self.fields["referees"].label_from_instance = lambda user: (
            f"{user.display_name} ({user.email})" if user.display_name else user.email
        )


class ProposalForm(forms.ModelForm):
    colleagues = forms.ModelMultipleChoiceField(
        label=_("Speakers from your organisation"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_speakers = forms.CharField(
        label=_("Other speakers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name, organisation."),
    )

    class Meta:
        model = Proposal
        fields = [
            "organisation",
            "title",
            "abstract",
            "format",
            "level",
            "audience",
            "objectives",
            "prerequisites",
            "duration",
        ]
        widgets = {
            "abstract": forms.Textarea(attrs={"rows": 6}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "prerequisites": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, call: Call, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        mine = Organisation.objects.filter(memberships__user=user).distinct()
        self.fields["organisation"].queryset = mine
        self.fields["organisation"].empty_label = None
        self.fields["format"].choices = [
            (value, label) for value, label in Format.choices if value in call.formats
        ]
        self.fields["colleagues"].queryset = (
            get_user_model()
            .objects.filter(memberships__organisation__in=mine, is_active=True)
            .distinct()
            .order_by("display_name", "email")
        )
        self.fields["colleagues"].label_from_instance = lambda user: user.display_name or user.email
        if self.instance.pk:
            lines = list(self.instance.speakers.all())
            self.initial["colleagues"] = [line.person_id for line in lines if line.person_id]
            self.initial["other_speakers"] = "\n".join(
                ", ".join(filter(None, [line.name, line.organisation_name]))
                for line in lines
                if line.person_id is None
            )
        else:
            self.initial.setdefault("colleagues", [user.pk])

    def clean_title(self):
        return one_line(self.cleaned_data["title"])

    def clean_other_speakers(self):
        lines = []
        for line in self.cleaned_data["other_speakers"].splitlines():
            name, _sep, organisation = line.partition(",")
            if not one_line(name):
                continue
            if len(one_line(name)) > 150 or len(one_line(organisation)) > 200:
                raise forms.ValidationError(
                    _("A name is at most 150 characters, an organisation at most 200.")
                )
            lines.append(SpeakerLine(name=one_line(name), organisation_name=one_line(organisation)))
        if len(lines) > MAX_OTHER_SPEAKERS:
            raise forms.ValidationError(
                _("At most %(count)d other speakers.") % {"count": MAX_OTHER_SPEAKERS}
            )
        return lines

    def speaker_lines(self) -> list[SpeakerLine]:
        organisation = self.cleaned_data["organisation"]
        people = [
            SpeakerLine(
                name=person.display_name or person.email,
                organisation_name=organisation.name,
                person=person,
            )
            for person in self.cleaned_data["colleagues"]
        ]
        return people + self.cleaned_data["other_speakers"]


class ReviewForm(forms.Form):
    score = forms.TypedChoiceField(
        label=pgettext_lazy("review", "Score"),
        coerce=int,
        choices=[(n, str(n)) for n in range(MIN_SCORE, MAX_SCORE + 1)],
        widget=forms.RadioSelect,
        help_text=_("From 1 (weak) to 5 (excellent)."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )


class ScheduleForm(forms.Form):
    day = forms.ModelChoiceField(label=_("Day"), queryset=MeetingDay.objects.none())
    start = forms.TimeField(label=_("Start"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("End"), widget=forms.TimeInput(attrs={"type": "time"}))
    room = forms.CharField(label=_("Room"), max_length=100)
    track = forms.ModelChoiceField(
        label=_("Track"), queryset=Track.objects.none(), required=False, empty_label=_("Everyone")
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].queryset = meeting.days.all()
        self.fields["day"].label_from_instance = day_label
        self.fields["track"].queryset = Track.objects.filter(meeting=meeting)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The session must end after it starts."))
        return data
