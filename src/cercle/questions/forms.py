from django import forms
from django.utils.translation import gettext_lazy as _

from cercle.questions.enums import Gender, Policy
from cercle.questions.models import MAX_LENGTH, MAX_REASON


class QuestionForm(forms.Form):
    # No max_length here: the service says how long it is, and the text is kept for editing.
    text = forms.CharField(
        label=_("Your question"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At most %(max)s characters. Your name is shown to the moderators only.")
        % {"max": MAX_LENGTH},
    )


class DeclarationForm(forms.Form):
    gender = forms.ChoiceField(
        label=_("Gender (optional, only for turn-taking)"),
        choices=[("", _("I do not declare anything"))] + Gender.choices,
        required=False,
        help_text=_(
            "Used only to alternate speakers when the moderator asks for it; never shown, "
            "never exported, deleted after the meeting."
        ),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it hidden?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("At most %(max)s characters; kept in the audit log.") % {"max": MAX_REASON},
    )


class MergeForm(forms.Form):
    into = forms.TypedChoiceField(label=_("Duplicate of"), coerce=int, choices=())

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [(q.pk, q.text[:120]) for q in targets]


class PolicyForm(forms.Form):
    policy = forms.ChoiceField(label=_("Turn-taking"), choices=Policy.choices)


class ModeratorForm(forms.Form):
    # No max_length nor EmailField: the service says who may moderate, and the text is kept.
    email = forms.CharField(
        label=_("Email address of the moderator to add"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("Someone registered to the meeting, or one of its organisers."),
    )
