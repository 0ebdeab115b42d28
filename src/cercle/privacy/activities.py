"""The register of processing activities shown on the public "Personal data" page.

Kept as data next to the code that does the processing, so a change of purpose or duration
is reviewed with it. Every string is translatable.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Activity:
    name: Promise
    purposes: Promise
    legal_basis: Promise
    data: Promise
    duration: Promise
    recipients: Promise


def activities() -> list[Activity]:
    days = settings.PRIVACY_RETENTION_DAYS
    return [
        Activity(
            name=_("Member accounts"),
            purposes=_(
                "Signing in, knowing which organisations a person acts for and their role "
                "(référent or agent), sending the emails they asked for."
            ),
            legal_basis=_("Performance of the membership agreement of the user club."),
            data=_("Name, email address, preferred language, organisations and roles."),
            duration=_("As long as the account exists; anonymised on request."),
            recipients=_("The club's vendor team; the référents of the same organisation."),
        ),
        Activity(
            name=_("Improvement requests, endorsements and comments"),
            purposes=_("Collecting, discussing and prioritising the members' requests."),
            legal_basis=_("Legitimate interest of the club in steering the software's evolution."),
            data=_("Requests filed, comments, endorsements and +1, requests followed."),
            duration=_(
                "As long as the request exists; after an erasure, comments are signed "
                "“Former member”."
            ),
            recipients=_("Members of the club; the vendor team."),
        ),
        Activity(
            name=_("Votes and co-funding"),
            purposes=_("Organisations' ballots and funding pledges, and who cast them."),
            legal_basis=_("Performance of the membership agreement; accountability of the votes."),
            data=_("Ballots cast for an organisation, receipts, pledges, purchase orders."),
            duration=_(
                "Kept for the club's archives: the ballots belong to the organisations and "
                "stay countable after a person's erasure."
            ),
            recipients=_("The organisation's référents; the vendor team."),
        ),
        Activity(
            name=_("Club meetings"),
            purposes=_(
                "Registrations, badges, catering and accessibility arrangements, check-in, "
                "attendance certificates, contributions and questions during sessions."
            ),
            legal_basis=_(
                "Performance of the registration; consent for image rights and for "
                "dietary, accessibility and turn-taking declarations."
            ),
            data=_(
                "Registration choices, name on the badge, image-rights consent, dietary and "
                "accessibility needs, check-ins, questions, declared gender for turn-taking."
            ),
            duration=_(
                "Dietary and accessibility needs and turn-taking declarations are deleted "
                "%(days)s days after the meeting's last day; the rest as long as the account "
                "exists."
            )
            % {"days": days},
            recipients=_(
                "The organisers and the host organisation; the caterer receives counts only."
            ),
        ),
        Activity(
            name=_("Audit log and emails"),
            purposes=_("Proving who did what on sensitive actions; delivering notifications."),
            legal_basis=_("Legitimate interest: security and accountability of the club."),
            data=_("Actions taken and when; emails queued for a person."),
            duration=_("The audit log is never altered; emails to an erased person are deleted."),
            recipients=_("The vendor team."),
        ),
    ]
