from django import forms
from django.utils.translation import gettext_lazy as _

from cercle.webhooks.enums import Event


class EndpointForm(forms.Form):
    url = forms.CharField(
        label=_("Address (URL)"),
        max_length=500,
        help_text=_("An HTTPS address of your system that accepts JSON sent by POST."),
        error_messages={"required": _("Enter the address to call.")},
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        help_text=_("The endpoint hears this organisation's own events (its registrations)."),
    )

    def __init__(self, *args, organisations, staff: bool, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["organisation"]
            return
        field = self.fields["organisation"]
        field.queryset = organisations
        if staff:
            field.empty_label = _("Every organisation")
        else:
            field.required = True
            field.empty_label = None
            field.error_messages["required"] = _("Choose the organisation.")
