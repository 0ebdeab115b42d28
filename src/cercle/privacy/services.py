"""A person's rights over their data: a copy of everything (export) and erasure."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.contributions.models import ProposalSpeaker
from cercle.core.errors import DomainError
from cercle.meetings.models import Registration, Speaker, new_calendar_token
from cercle.organisations.enums import Role
from cercle.organisations.models import Invitation, Membership, Organisation
from cercle.outbox.models import Message
from cercle.privacy.models import Erasure
from cercle.privacy.providers import PROVIDERS, optional_model, plain
from cercle.questions.models import Declaration, Question
from cercle.requests.models import Follow

FORMER_MEMBER = _("Former member")
# Models holding sign-in identities and tokens (OpenID Connect), in the builds that have them:
# deleted on erasure.
CREDENTIAL_MODELS = (
    ("accounts", "OidcIdentity", "user"),
    ("oauth2_provider", "AccessToken", "user"),
    ("oauth2_provider", "RefreshToken", "user"),
    ("oauth2_provider", "IDToken", "user"),
    ("oauth2_provider", "Grant", "user"),
)


def confirmation_word() -> str:
    """What a person types to confirm their erasure, in their language."""
    return str(_("ERASE"))


def _confirmation_words() -> set[str]:
    # Any interface language's word is accepted: the person may have switched languages.
    words = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words.add(confirmation_word().casefold())
    return words


def export_for(person) -> dict:
    """Every record about `person` across the apps, as JSON-ready data (no side effects)."""
    return {
        "generated_at": plain(timezone.now()),
        "sections": [
            {
                "key": provider.key,
                "title": str(provider.title),
                "records": [
                    {key: plain(value) for key, value in row.items()}
                    for row in provider.collect(person)
                ],
            }
            for provider in PROVIDERS
        ],
    }


def sole_referent_of(person) -> list[Organisation]:
    """Organisations where `person` is the only référent: they must hand the role over first."""
    mine = Membership.objects.filter(user=person, role=Role.REFERENT).values("organisation_id")
    others = (
        Membership.objects.filter(organisation_id__in=mine, role=Role.REFERENT)
        .exclude(user=person)
        .values("organisation_id")
    )
    return list(Organisation.objects.filter(pk__in=mine).exclude(pk__in=others).order_by("name"))


@transaction.atomic
def erase_person(*, person, confirmation: str):
    """Anonymise `person`'s account at their request.

    Refused unless `confirmation` is the confirmation word, and while the person is the only
    référent of an organisation. Their name becomes "Former member" (what signs their
    comments and questions), their address a unique non-routable one, their password
    unusable (which ends their sessions); memberships, follows, pending invitations,
    turn-taking declarations and emails to them are deleted, the needs they declared at
    meetings cleared. Ballots, requests and the audit log are kept: they belong to the
    organisations and still point at the same, now anonymous, account. Writes an Erasure row
    and an audit entry.
    """
    if confirmation.strip().casefold() not in _confirmation_words():
        raise DomainError(
            "not_confirmed",
            _("Type %(word)s to confirm that your account is to be erased."),
            fields=["confirmation"],
            word=confirmation_word(),
        )
    person = get_user_model().objects.select_for_update().get(pk=person.pk)
    if Erasure.objects.filter(person=person).exists():
        raise DomainError("already_erased", _("This account has already been erased."))
    # Lock the organisations as organisations.services does, so a role change cannot race.
    organisation_ids = Membership.objects.filter(user=person).values("organisation_id")
    list(Organisation.objects.select_for_update().filter(pk__in=organisation_ids))
    alone = sole_referent_of(person)
    if alone:
        raise DomainError(
            "sole_referent",
            _(
                "You are the only référent of %(organisations)s: appoint another référent "
                "before your account can be erased."
            ),
            organisations=", ".join(organisation.name for organisation in alone),
        )
    with translation.override(settings.LANGUAGE_CODE):
        name = str(FORMER_MEMBER)
    # A unique address in the reserved .invalid domain: nothing can ever be delivered to it.
    placeholder = f"former-member-{person.pk}@erased.invalid"
    _forget_everywhere(person, old_email=person.email, placeholder=placeholder, name=name)
    person.display_name = name
    person.email = placeholder
    person.set_unusable_password()
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.save()
    person.groups.clear()
    person.user_permissions.clear()
    Erasure.objects.create(person=person)
    record(actor=person, action="privacy.account_erased", target=person)
    return person


def _forget_everywhere(person, *, old_email: str, placeholder: str, name: str) -> None:
    Membership.objects.filter(user=person).delete()
    Follow.objects.filter(user=person).delete()
    Invitation.objects.filter(email__iexact=old_email, accepted_at__isnull=True).delete()
    Invitation.objects.filter(Q(accepted_by=person) | Q(email__iexact=old_email)).update(
        email=placeholder
    )
    Message.objects.filter(to__iexact=old_email).delete()
    Declaration.objects.filter(person=person).delete()
    Question.objects.filter(author=person).update(gender="")
    Speaker.objects.filter(person=person).update(name=name)
    ProposalSpeaker.objects.filter(person=person).update(name=name)
    for registration in Registration.objects.filter(person=person):
        # A new token: the old calendar link stops answering.
        registration.badge_name = name
        registration.dietary_needs = ""
        registration.accessibility_needs = ""
        registration.calendar_token = new_calendar_token()
        registration.save(
            update_fields=["badge_name", "dietary_needs", "accessibility_needs", "calendar_token"]
        )
    for app_label, model_name, field in CREDENTIAL_MODELS:
        model = optional_model(app_label, model_name)
        if model is not None:
            model.objects.filter(**{field: person}).delete()
