from django import forms
from django.utils.translation import gettext_lazy as _

from cercle.api.models import Scope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, for example “Town hall intranet”."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=Scope.choices,
        initial=Scope.READ,
        widget=forms.RadioSelect,
        help_text=_("A read token cannot file, endorse, vote or register."),
    )
    # A one-time key per form shown, so that sending the same form again creates nothing.
    once = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
