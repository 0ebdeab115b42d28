from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cercle.glossary.models import Term
from cercle.organisations.models import Organisation
from cercle.requests.enums import STAFF_SETTABLE, Sort, Status
from cercle.requests.models import COMMENT_MAX_LENGTH, Endorsement, ImprovementRequest

TOO_LONG = {
    "max_length": _(
        "This text is too long: %(limit_value)d characters at most (it has %(show_value)d)."
    )
}
ELIGIBLE_CHOICES = [("", _("All")), ("oui", _("Eligible")), ("non", _("Not yet eligible"))]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    module = forms.ModelChoiceField(
        label=_("Module"),
        queryset=Term.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All modules"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses"))]
        + [c for c in Status.choices if c[0] not in {Status.DRAFT, Status.DUPLICATE}],
    )
    # A text field, not a list: the club has thousands of member organisations.
    organisation = forms.CharField(
        label=_("Endorsed by (organisation)"),
        required=False,
        max_length=200,
        help_text=_("Part of the name, for example: Villejuif."),
    )
    eligible = forms.ChoiceField(label=_("Eligibility"), required=False, choices=ELIGIBLE_CHOICES)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=Sort.choices)


class RequestForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    attachment = forms.FileField(
        label=_("Attach a document (optional)"),
        required=False,
        help_text=_("PDF, image or office document (LibreOffice or Microsoft), 10 MB at most."),
    )

    class Meta:
        model = ImprovementRequest
        fields = [
            "organisation",
            "title",
            "problem",
            "affected",
            "frequency",
            "current_cost",
            "expected_benefit",
            "modules",
        ]
        widgets = {
            "modules": forms.CheckboxSelectMultiple,
            "title": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        error_messages = {"problem": TOO_LONG, "expected_benefit": TOO_LONG}
        help_texts = {
            "title": _("One sentence saying what should change."),
            "problem": _("What goes wrong today, for whom. Markdown is accepted."),
            "affected": _("For example: the 12 agents of the civil registry, every family."),
            "frequency": _("For example: 300 times a month, every school enrolment."),
            "current_cost": _("Time, money or workaround it costs today."),
            "expected_benefit": _("What the change would bring. Markdown is accepted."),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        for name in ("problem", "affected", "frequency", "current_cost", "expected_benefit"):
            self.fields[name].required = False
        # Similar requests appear under the title while it is typed (HTMX, no page reload).
        self.fields["title"].widget.attrs.update(
            {
                "hx-get": reverse("requests:similar"),
                "hx-trigger": "input changed delay:400ms, load",
                "hx-target": "#similar-requests",
                "hx-include": "#similar-exclude",
                "hx-sync": "this:replace",
            }
        )
        self.fields["modules"].queryset = Term.objects.all()
        self.fields["modules"].label_from_instance = lambda term: f"{term.name} ({term.synonym})"
        if self.instance.pk:
            del self.fields["organisation"]


class EndorseForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )

    class Meta:
        model = Endorsement
        fields = ["organisation", "use_case"]
        error_messages = {"use_case": TOO_LONG}
        help_texts = {
            "use_case": _("How this would help your organisation: who, how often, what it costs.")
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown is accepted."),
        max_length=COMMENT_MAX_LENGTH,
        error_messages=TOO_LONG,
    )


# The three triage forms share a page, so each has a prefix: no two fields share an id.
class StatusForm(forms.Form):
    prefix = "status"
    status = forms.ChoiceField(
        label=_("New status"), choices=[(s.value, s.label) for s in STAFF_SETTABLE]
    )
    reason = forms.CharField(
        label=_("Reason (shown publicly in the history)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=COMMENT_MAX_LENGTH,
        error_messages=TOO_LONG,
    )


class QuestionForm(forms.Form):
    prefix = "question"
    question = forms.CharField(
        label=_("Question to the author"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=COMMENT_MAX_LENGTH,
        error_messages=TOO_LONG,
    )


class MergeForm(forms.Form):
    prefix = "merge"
    into = forms.CharField(
        label=_("Reference of the request to keep"),
        max_length=16,
        help_text=_("For example D-2026-0042. This request's endorsements move there."),
    )
    reason = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)

    def clean_into(self):
        reference = self.cleaned_data["into"].strip().upper()
        try:
            return ImprovementRequest.objects.get(reference=reference)
        except ImprovementRequest.DoesNotExist:
            raise forms.ValidationError(
                _("No request has the reference %(reference)s."),
                code="unknown_reference",
                params={"reference": reference},
            ) from None
