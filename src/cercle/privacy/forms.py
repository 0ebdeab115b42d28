from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureForm(forms.Form):
    confirmation = forms.CharField(
        label=_("Confirmation word"),
        max_length=40,
        help_text=_("Type the word shown above, in capital letters."),
    )
