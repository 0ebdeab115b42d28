from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cercle.funding.enums import Label, RoadmapStatus, SharingRule
from cercle.funding.models import Milestone, RoadmapItem
from cercle.glossary.models import Term
from cercle.organisations.models import Organisation


def euros_to_cents(value: Decimal) -> int:
    return int((value * 100).to_integral_value())


class EuroField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        super().__init__(**kwargs)


class EstimateForm(forms.Form):
    days = forms.DecimalField(
        label=_("Working days"), max_digits=7, decimal_places=2, min_value=Decimal("0.25")
    )
    daily_rate = EuroField(label=_("Daily rate, euros excl. VAT"))
    assumptions = forms.CharField(
        label=_("Assumptions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Set once staff have seen what a re-cost changes (funding, status, pledges, emails).
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class SharingForm(forms.Form):
    rule = forms.ChoiceField(label=_("Sharing rule"), choices=SharingRule.choices)
    participants = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    tiers = forms.CharField(
        label=_("Population tiers"),
        required=False,
        help_text=_(
            "One band per line: upper population bound and weight, e.g. '9999 1'; "
            "the last line has a weight only."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = organisations

    def clean_tiers(self):
        bands = []
        for number, line in enumerate(self.cleaned_data["tiers"].splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            try:
                values = [int(part.replace(" ", "")) for part in parts]
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(number)s: write whole numbers only."), params={"number": number}
                ) from None
            if len(values) == 1:
                bands.append([None, values[0]])
            elif len(values) == 2:
                bands.append(values)
            else:
                raise forms.ValidationError(
                    _("Line %(number)s: write a bound and a weight."), params={"number": number}
                )
        return bands

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rule") == SharingRule.TIERS and not cleaned.get("tiers"):
            self.add_error("tiers", _("Give the population tiers for this rule."))
        return cleaned


class PledgeForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    amount = EuroField(label=_("Amount, euros excl. VAT"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class CommitForm(forms.Form):
    purchase_order_number = forms.CharField(label=_("Purchase order number"), max_length=60)
    purchase_order_date = forms.DateField(
        label=_("Purchase order date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class RoadmapFilterForm(forms.Form):
    module = forms.ModelChoiceField(
        label=_("Module"),
        queryset=Term.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All modules"),
    )
    label = forms.ChoiceField(
        label=_("Funding"), required=False, choices=[("", _("All")), *Label.choices]
    )


class RoadmapItemForm(forms.ModelForm):
    tracker_url = forms.URLField(label=_("Tracker ticket"), required=False, assume_scheme="https")
    release_notes_url = forms.URLField(
        label=_("Release notes"), required=False, assume_scheme="https"
    )

    class Meta:
        model = RoadmapItem
        fields = [
            "title",
            "description",
            "label",
            "status",
            "year",
            "quarter",
            "days",
            "modules",
            "tracker_url",
            "release_notes_url",
        ]
        widgets = {"modules": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = RoadmapStatus.choices


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "kind", "starts_on", "ends_on", "description"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }
