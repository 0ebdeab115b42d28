from django import forms
from django.utils.translation import gettext_lazy as _

from cercle.hosting.enums import DEFAULT_CRITERIA, DocumentVisibility
from cercle.meetings.forms import DateTimeLocalInput
from cercle.meetings.models import MAX_EDITION
from cercle.votes.forms import CampaignForm

TEXT_MAX = 5000


def add_domain_error(form, error) -> None:
    """Show a DomainError next to the field it is about (or on top of the form)."""
    fields = [name for name in error.fields if name in form.fields]
    if fields:
        for name in fields:
            form.add_error(name, error.message)
    else:
        form.add_error(None, error.message)


class CallForm(forms.Form):
    edition = forms.IntegerField(label=_("Edition"), min_value=1, max_value=MAX_EDITION)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DateTimeLocalInput())
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DateTimeLocalInput())
    questions = forms.CharField(
        label=_("Questions to the candidates"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_MAX,
        help_text=_("One per line: capacity, accessibility, streaming chain, transport, dates."),
    )
    decided_by_vote = forms.BooleanField(
        label=_("Decided by a club vote"),
        required=False,
        help_text=_(
            "Once the call closes, staff open a vote of the member organisations (one ballot "
            "each, cast by a référent) on the candidacies; the decision then follows the vote."
        ),
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].initial = "\n".join(str(text) for text in DEFAULT_CRITERIA)
        if editing:
            # The edition names the meeting the decision hosts: it is set once.
            self.fields["edition"].disabled = True

    def details(self) -> dict:
        """What the services take of a valid form (the edition aside: set once, at creation)."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "opens_at": data["opens_at"],
            "closes_at": data["closes_at"],
            "questions": data["questions"].splitlines(),
            "decided_by_vote": data["decided_by_vote"],
        }


class VoteForm(CampaignForm):
    """The club vote on a call's candidacies: the votes app's campaign form, one seat."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["seats"]
        self.fields["opens_at"].help_text = _("Paris time, in the future.")
        self.fields["max_choices"].help_text = _(
            "Approval only: how many candidacies an organisation may approve (1: a single choice)."
        )


class CandidacyForm(forms.Form):
    """One text field per question of the call, the organisation (when the person is référent
    of several) and an optional file."""

    attachment = forms.FileField(
        label=_("Add a file (PDF, ODT or image)"),
        required=False,
        help_text=_("Plans of the venue, photos, a letter of intent... optional."),
    )

    def __init__(self, *args, call, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        if organisations is not None:
            fields["organisation"] = forms.ModelChoiceField(
                label=_("Organisation applying"),
                queryset=organisations,
                empty_label=None,
            )
        for question in call.questions.all():
            fields[f"q_{question.pk}"] = forms.CharField(
                label=question.text,
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        fields["attachment"] = self.fields.pop("attachment")
        self.fields = fields | dict(self.fields)
        self.questions = list(call.questions.all())

    def answers(self) -> dict:
        return {
            question.pk: self.cleaned_data.get(f"q_{question.pk}", "")
            for question in self.questions
        }


class DecisionForm(forms.Form):
    candidacy = forms.ModelChoiceField(
        label=_("Chosen host"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )
    reasons = forms.CharField(
        label=_("Reasons of the decision (published)"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidacy"].queryset = call.candidacies.select_related("organisation")
        self.fields["candidacy"].label_from_instance = lambda c: c.organisation.name


class HandoverForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    starts_at = forms.DateTimeField(label=_("Starts at (Paris time)"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("Ends at (Paris time)"), widget=DateTimeLocalInput())
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online link"), max_length=500, required=False, assume_scheme="https"
    )
    notes = forms.CharField(
        label=_("Notes for the participants"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File (PDF, office document or image)"))
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=DocumentVisibility.choices,
        widget=forms.RadioSelect,
        initial=DocumentVisibility.HOSTS,
    )
