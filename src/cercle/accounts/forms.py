from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from cercle.accounts import throttling
from cercle.accounts.models import User
from cercle.core.http import client_address
from cercle.outbox.services import queue_templated


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("This email address and password do not match an active account."),
        "throttled": _(
            "Too many failed attempts. For your security, please wait a few minutes "
            "before trying again, or reset your password."
        ),
    }

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        ip = client_address(self.request)
        # The attempt is reserved before the password is checked: parallel guesses each take
        # a place in the counter, and those beyond the limit never reach the password.
        if email and not throttling.reserve_login(email=email, ip=ip):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        cleaned = super().clean()
        throttling.login_succeeded(email=email, ip=ip)
        return cleaned


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset whose email goes through the outbox, in the person's own language.

    Requests are limited per address typed and per client address; a refused request gets
    the same neutral answer as any other, so nobody learns whether an account exists.
    """

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"]
        if throttling.reserve_password_reset(email=email, ip=client_address(request)):
            super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        queue_templated(
            to_email,
            email_template_name.removesuffix(".txt"),
            context,
            context["user"].language,
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "language"]


class AccountCreationForm(forms.Form):
    """Creates an account for someone who accepts an invitation and has none yet."""

    display_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password confirmation"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        if p1:
            try:
                password_validation.validate_password(
                    p1, User(email=self.email, display_name=cleaned.get("display_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
