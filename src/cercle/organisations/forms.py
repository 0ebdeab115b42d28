from django import forms
from django.utils.translation import gettext_lazy as _

from cercle.organisations.enums import OrganisationKind, Role
from cercle.organisations.models import Organisation
from cercle.organisations.validators import normalise_siren


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *OrganisationKind.choices],
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person to invite"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.AGENT)


class ReaddressForm(forms.Form):
    email = forms.EmailField(label=_("New address"))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class OrganisationForm(forms.ModelForm):
    siren = forms.CharField(label=_("SIREN"), required=False, max_length=20)
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind", "siren", "population", "member_since", "website"]

    def clean_siren(self):
        return normalise_siren(self.cleaned_data["siren"])
