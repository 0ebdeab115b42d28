from django import forms
from django.utils.translation import gettext_lazy as _

from cercle.meetings.forms import day_label
from cercle.onsite.badges import LAYOUTS
from cercle.onsite.enums import Provider, Visibility


class BadgeForm(forms.Form):
    """Which badges to print: everyone on site, one day, one organisation, or a selection."""

    layout = forms.ChoiceField(
        label=_("Layout"), choices=[(code, layout.label) for code, layout in LAYOUTS.items()]
    )
    day = forms.ChoiceField(label=_("Day"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    people = forms.MultipleChoiceField(
        label=_("Only these people"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to print every badge matching the choices above."),
    )

    def __init__(self, *args, days, organisations, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [("", _("Every day"))] + [
            (str(day.pk), day_label(day)) for day in days
        ]
        self.fields["organisation"].choices = [("", _("Every organisation"))] + [
            (str(pk), name) for pk, name in organisations
        ]
        self.fields["people"].choices = [
            (str(r.pk), f"{r.badge_name} — {r.badge_organisation}") for r in registrations
        ]


class CheckInCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Badge code"),
        max_length=200,
        help_text=_("Scan the badge with a handheld scanner, or type or paste its code."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, organisation or badge code"),
        max_length=200,
        required=False,
        help_text=_("A handheld scanner may also scan a badge into this field."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class CheckInPersonForm(forms.Form):
    """A check-in from the search results, or the organiser's "switch to on site" answer."""

    registration = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    code = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    switch_to_on_site = forms.BooleanField(required=False, widget=forms.HiddenInput)


class RemoteImportForm(forms.Form):
    attendance_list = forms.FileField(
        label=_("Attendance list of the online room (CSV)"),
        help_text=_("A CSV file with a name column, an email column, or both."),
    )


class RecordingForm(forms.Form):
    url = forms.URLField(label=_("Recording address"), max_length=500, assume_scheme="https")
    provider = forms.ChoiceField(label=_("Provider"), choices=Provider.choices)
    duration = forms.CharField(
        label=_("Duration"),
        required=False,
        help_text=_("Optional, for example 4h35min or 04:35:00."),
    )

    def clean_duration(self):
        from cercle.onsite.chapters import parse_timecode

        text = self.cleaned_data["duration"].strip()
        if not text:
            return None
        try:
            return parse_timecode(text)
        except ValueError as error:
            raise forms.ValidationError(
                _("“%(text)s” is not a duration such as 4h35min or 04:35:00."),
                params={"text": text},
            ) from error


class AgendaForm(forms.Form):
    agenda = forms.CharField(
        label=_("Agenda with timecodes"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One line per chapter, ending with its start: “Ouverture (début à 1min22)”."),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File (PDF, ODP or PPTX)"),
        required=False,
    )
    url = forms.URLField(
        label=_("Or a link"), required=False, max_length=500, assume_scheme="https"
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.PUBLIC,
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Give either a file or a link, not both."))
        return data
