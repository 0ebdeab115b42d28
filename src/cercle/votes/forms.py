from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cercle.core.errors import DomainError
from cercle.votes import permissions
from cercle.votes.enums import ResultsVisibility, TieRule, VotingMethod
from cercle.votes.models import Campaign
from cercle.votes.services import CAMPAIGN_FIELDS

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CampaignForm(forms.ModelForm):
    """Staff set up a campaign; fields that can no longer change are shown disabled."""

    class Meta:
        model = Campaign
        fields = CAMPAIGN_FIELDS
        widgets = {
            "opens_at": DATETIME,
            "closes_at": DATETIME,
            "method": forms.RadioSelect,
            "tie_rule": forms.RadioSelect,
            "results_visibility": forms.RadioSelect,
            "ballot_privacy": forms.RadioSelect,
        }
        help_texts = {
            "opens_at": _("Paris time. Requests can be placed on the ballot until then."),
            "closes_at": _("Paris time. The vote closes and is counted by itself at this time."),
            "seats": _("Announced from the opening, for example 10 shared developments."),
            "max_choices": _("Approval only."),
            "total_points": _("Points only."),
            "max_per_request": _("Points only."),
            "tie_rule": _(
                "Announced with the campaign: how the last seats are given if requests are "
                "still tied for them when the vote closes."
            ),
        }

    def __init__(self, *args, locked=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons without the empty "---------" choice a model field would add.
        self.fields["method"].choices = VotingMethod.choices
        self.fields["tie_rule"].choices = TieRule.choices
        self.fields["tie_rule"].required = False  # checked by default: the public draw
        self.fields["results_visibility"].choices = ResultsVisibility.choices
        for name in ("seats", "max_choices", "total_points", "max_per_request"):
            self.fields[name].widget.attrs["min"] = 1
        for name in locked:
            self.fields[name].disabled = True
            self.fields[name].help_text = _("Locked: the vote has started.")
        if self.instance.is_hosting and "seats" in self.fields:
            self.fields["seats"].help_text = _("A vote on host candidacies retains one of them.")

    def clean(self):
        data = super().clean()
        if "tie_rule" in data and not data["tie_rule"]:
            data["tie_rule"] = TieRule.DRAW
        method = data.get("method")
        needed = {
            VotingMethod.APPROVAL: ["max_choices"],
            VotingMethod.POINTS: ["total_points", "max_per_request"],
        }.get(method, [])
        for name in needed:
            if not data.get(name):
                self.add_error(name, _("This method needs this number."))
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The vote must close after it opens."))
        total, per_request = data.get("total_points"), data.get("max_per_request")
        if method == VotingMethod.POINTS and total and per_request and per_request > total:
            self.add_error("max_per_request", _("At most the number of points to distribute."))
        return data


class BallotForm(forms.Form):
    """The ballot of one organisation; rules of the method are checked by the service."""

    def __init__(self, *args, campaign, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.items = items
        self.field_of = {}
        if campaign.method == VotingMethod.APPROVAL:
            self.fields["choices"] = forms.MultipleChoiceField(
                label=_("Candidacies you approve")
                if campaign.is_hosting
                else _("Requests you approve"),
                help_text=(
                    _("Choose up to %(max)s candidacies.")
                    if campaign.is_hosting
                    else _("Choose up to %(max)s requests.")
                )
                % {"max": campaign.max_choices},
                choices=[(i.reference, _label(i)) for i in items],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
            self.field_of = {i.reference: "choices" for i in items}
            return
        for item in items:
            name = f"r_{item.reference}"
            self.field_of[item.reference] = name
            self.fields[name] = forms.IntegerField(
                label=_label(item),
                required=False,
                min_value=0 if campaign.method == VotingMethod.POINTS else 1,
                max_value=2**31 - 1,
                help_text=_item_link(item),
                widget=forms.NumberInput(attrs={"class": "ballot-number"}),
            )

    def approval_rows(self):
        """(checkbox, item on the ballot) pairs, so each line can link to its page."""
        return list(zip(self["choices"], self.items, strict=True))

    def lines(self):
        """What the service takes: approved references, or reference -> points / rank."""
        data = self.cleaned_data
        if self.campaign.method == VotingMethod.APPROVAL:
            return data["choices"]
        # A blank or zero box means "no points" / "not ranked" (a rank of 0 is refused above).
        values = {ref: data.get(name) for ref, name in self.field_of.items()}
        return {ref: value for ref, value in values.items() if value}

    def add_ballot_error(self, error: DomainError) -> None:
        """Show the broken rule next to the request it is about, or above the form."""
        field = self.field_of.get(error.params.get("request"))
        if error.code == "too_many_choices":
            field = "choices"
        self.add_error(field, error.message)

    @staticmethod
    def initial_from(campaign, lines: dict[str, int]) -> dict:
        if campaign.method == VotingMethod.APPROVAL:
            return {"choices": list(lines)}
        return {f"r_{ref}": value for ref, value in lines.items()}


def _item_link(item):
    if not item.is_request:
        if not item.url:
            return ""
        text = gettext("About the candidacy of %(name)s") % {"name": item.label}
        return format_html('<a href="{}">{}</a>', item.url, text)
    return format_html(
        '<a href="{}">{}</a>',
        item.request.get_absolute_url(),
        gettext("Read request %(reference)s") % {"reference": item.request.reference},
    )


def _label(item) -> str:
    return f"{item.reference} — {item.title}" if item.is_request else item.label


class AddRequestForm(forms.Form):
    reference = forms.CharField(max_length=16, widget=forms.HiddenInput)


class WeightForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=permissions.electorate().order_by("name")
    )
    weight = forms.IntegerField(
        label=_("Weight of its ballot"),
        min_value=1,
        max_value=100,
        help_text=_("1 is the default: every organisation counts once."),
    )


class CloseNowForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm: the vote closes now and its results are counted at once."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class TieForm(forms.Form):
    """The decision on a tie at the cutoff; which fields count depends on the announced rule."""

    seed = forms.CharField(
        label=_("Seed of the draw"),
        max_length=64,
        required=False,
        help_text=_("The seed published before the draw, for example the date and the lot."),
    )
    chosen = forms.MultipleChoiceField(
        label=_("Requests the committee retains"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Reason of the committee's choice"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, campaign, tied, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [(item.reference, _label(item)) for item in tied]
        if campaign.is_hosting:
            self.fields["chosen"].label = _("Candidacies the committee retains")
        for name in ("chosen", "reason") if campaign.tie_by_draw else ("seed",):
            del self.fields[name]

    def add_domain_error(self, error: DomainError) -> None:
        field = next((name for name in error.fields if name in self.fields), None)
        self.add_error(field, error.message)
