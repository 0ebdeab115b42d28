from django import forms
from django.utils.translation import gettext_lazy as _


class LinkForm(forms.Form):
    reference = forms.CharField(
        label=_("Ticket number or address"),
        max_length=500,
        help_text=_("For example 1234, #1234 or the ticket's address in the vendor's tracker."),
        error_messages={"required": _("Enter a ticket number or address.")},
    )
