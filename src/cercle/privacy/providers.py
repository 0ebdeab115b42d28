"""Where a person's data lives: one provider per kind of record, across every app.

The export (`cercle.privacy.services.export_for`) walks this registry. A new app holding
personal data adds its provider here. A provider returns only the person's own records and
leaves out other people's names and addresses (their colleagues, the authors of a thread).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cercle.audit.models import AuditEntry
from cercle.contributions.models import Proposal, ProposalSpeaker, Review
from cercle.funding.models import Pledge
from cercle.meetings.models import DayChoice, Registration, Speaker, WorkshopSeat
from cercle.onsite.models import CheckIn, RemoteAttendance
from cercle.organisations.models import Invitation, Membership
from cercle.outbox.models import Message
from cercle.questions.models import Declaration, Question
from cercle.questions.models import Support as QuestionSupport
from cercle.requests.models import Attachment, Comment, Endorsement, Follow, ImprovementRequest
from cercle.requests.models import Support as RequestSupport
from cercle.votes.models import BallotVersion


@dataclass(frozen=True)
class Provider:
    key: str
    title: Promise
    collect: Callable[[object], list[dict]]


def plain(value):
    """A value as JSON holds it: dates in Paris time, ISO 8601; labels as text."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | Promise):
        return str(value)
    return value


def account(person) -> list[dict]:
    return [
        {
            "email": person.email,
            "display_name": person.display_name,
            "language": person.language,
            "date_joined": person.date_joined,
            "last_login": person.last_login,
            "vendor_staff": person.is_staff,
        }
    ]


def optional_model(app_label: str, model_name: str):
    """A model that only some builds have (OpenID Connect identities), or None."""
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def identities(person) -> list[dict]:
    model = optional_model("accounts", "OidcIdentity")
    if model is None:
        return []
    return [
        {
            "provider": i.provider,
            "provider_subject": i.subject,
            "linked_at": i.linked_at,
            "last_used_at": i.last_used_at,
        }
        for i in model.objects.filter(user=person).order_by("pk")
    ]


def memberships(person) -> list[dict]:
    rows = Membership.objects.filter(user=person).select_related("organisation")
    return [
        {
            "organisation": m.organisation.name,
            "role": m.get_role_display(),
            "since": m.created_at,
        }
        for m in rows.order_by("created_at", "pk")
    ]


def invitations(person) -> list[dict]:
    rows = Invitation.objects.filter(accepted_by=person).select_related("organisation")
    return [
        {
            "organisation": i.organisation.name,
            "email": i.email,
            "role": i.get_role_display(),
            "sent_at": i.created_at,
            "accepted_at": i.accepted_at,
        }
        for i in rows.order_by("created_at", "pk")
    ]


def requests_filed(person) -> list[dict]:
    rows = ImprovementRequest.objects.filter(author=person).select_related("organisation")
    return [
        {
            "reference": r.reference,
            "title": r.title,
            "organisation": r.organisation.name,
            "status": r.get_status_display(),
            "problem": r.problem,
            "affected": r.affected,
            "frequency": r.frequency,
            "current_cost": r.current_cost,
            "expected_benefit": r.expected_benefit,
        }
        for r in rows.order_by("pk")
    ]


def comments(person) -> list[dict]:
    rows = Comment.objects.filter(author=person).select_related("request")
    return [
        {"request": c.request.reference, "comment": c.body, "written_at": c.created_at}
        for c in rows.order_by("created_at", "pk")
    ]


def endorsements(person) -> list[dict]:
    rows = Endorsement.objects.filter(endorsed_by=person).select_related("request", "organisation")
    return [
        {
            "request": e.request.reference,
            "organisation": e.organisation.name,
            "use_case": e.use_case,
            "endorsed_at": e.created_at,
        }
        for e in rows.order_by("created_at", "pk")
    ]


def request_supports(person) -> list[dict]:
    rows = RequestSupport.objects.filter(user=person).select_related("request")
    return [
        {"request": s.request.reference, "supported_at": s.created_at}
        for s in rows.order_by("created_at", "pk")
    ]


def follows(person) -> list[dict]:
    rows = Follow.objects.filter(user=person).select_related("request")
    return [{"request": f.request.reference, "following": f.active} for f in rows.order_by("pk")]


def attachments(person) -> list[dict]:
    rows = Attachment.objects.filter(uploaded_by=person).select_related("request")
    return [
        {"request": a.request.reference, "file": a.original_name, "uploaded_at": a.created_at}
        for a in rows.order_by("created_at", "pk")
    ]


def ballots(person) -> list[dict]:
    rows = BallotVersion.objects.filter(cast_by=person).select_related(
        "ballot__campaign", "ballot__organisation"
    )
    return [
        {
            "campaign": v.ballot.campaign.title,
            "organisation": v.ballot.organisation.name,
            "version": v.number,
            "receipt": v.receipt,
            "cast_at": v.cast_at,
        }
        for v in rows.order_by("cast_at", "pk")
    ]


def registrations(person) -> list[dict]:
    rows = Registration.objects.filter(person=person).select_related("meeting", "organisation")
    return [
        {
            "meeting": r.meeting.title,
            "organisation": r.organisation.name,
            "badge_name": r.badge_name,
            "badge_organisation": r.badge_organisation,
            "experience": r.get_experience_display(),
            "dietary_needs": r.dietary_needs,
            "accessibility_needs": r.accessibility_needs,
            "registered_at": r.created_at,
            "cancelled_at": r.cancelled_at,
        }
        for r in rows.order_by("created_at", "pk")
    ]


def registration_days(person) -> list[dict]:
    days = DayChoice.objects.filter(registration__person=person).select_related("day__meeting")
    seats = WorkshopSeat.objects.filter(registration__person=person).select_related(
        "session__meeting"
    )
    return [
        {
            "meeting": c.day.meeting.title,
            "day": c.day.date,
            "attendance": c.get_attendance_display(),
            "status": c.get_status_display(),
        }
        for c in days.order_by("day__date", "pk")
    ] + [
        {
            "meeting": s.session.meeting.title,
            "session": s.session.title,
            "attendance": s.get_mode_display(),
            "status": s.get_status_display(),
        }
        for s in seats.order_by("session__starts_at", "pk")
    ]


def consents(person) -> list[dict]:
    rows = Registration.objects.filter(person=person).select_related("meeting")
    return [
        {
            "meeting": r.meeting.title,
            "image_rights": r.image_consent,
            "clause_version": r.image_consent_version,
            "answered_at": r.image_consent_at,
        }
        for r in rows.order_by("created_at", "pk")
    ]


def speaking(person) -> list[dict]:
    sessions = Speaker.objects.filter(person=person).select_related("session__meeting")
    return [
        {
            "meeting": s.session.meeting.title,
            "session": s.session.title,
            "name": s.name,
            "organisation": s.organisation_name,
        }
        for s in sessions.order_by("pk")
    ]


def check_ins(person) -> list[dict]:
    on_site = CheckIn.objects.filter(registration__person=person).select_related("day__meeting")
    remote = RemoteAttendance.objects.filter(registration__person=person).select_related(
        "day__meeting"
    )
    return [
        {"meeting": c.day.meeting.title, "day": c.day.date, "on_site_at": c.checked_in_at}
        for c in on_site.order_by("checked_in_at", "pk")
    ] + [
        {"meeting": r.day.meeting.title, "day": r.day.date, "remote": True}
        for r in remote.order_by("day__date", "pk")
    ]


def questions(person) -> list[dict]:
    rows = Question.objects.filter(author=person).select_related("session__meeting")
    return [
        {
            "meeting": q.session.meeting.title,
            "session": q.session.title,
            "question": q.text,
            "asked_at": q.asked_at,
            "status": q.status_label,
            "declared_gender": q.get_gender_display(),
        }
        for q in rows.order_by("asked_at", "pk")
    ]


def question_supports(person) -> list[dict]:
    # Another person's question: its number only, not their words.
    rows = QuestionSupport.objects.filter(person=person).select_related("question__session")
    return [
        {"session": s.question.session.title, "question_number": s.question_id}
        for s in rows.order_by("pk")
    ]


def declarations(person) -> list[dict]:
    rows = Declaration.objects.filter(person=person).select_related("meeting")
    return [
        {"meeting": d.meeting.title, "gender": d.get_gender_display()} for d in rows.order_by("pk")
    ]


def proposals(person) -> list[dict]:
    rows = Proposal.objects.filter(proposer=person).select_related("call__meeting", "organisation")
    return [
        {
            "meeting": p.call.meeting.title,
            "organisation": p.organisation.name,
            "title": p.title,
            "abstract": p.abstract,
            "objectives": p.objectives,
            "prerequisites": p.prerequisites,
            "status": p.get_status_display(),
            "proposed_at": p.created_at,
        }
        for p in rows.order_by("created_at", "pk")
    ]


def proposal_speaking(person) -> list[dict]:
    rows = ProposalSpeaker.objects.filter(person=person).select_related("proposal")
    return [
        {
            "proposal": s.proposal.title,
            "name": s.name,
            "organisation": s.organisation_name,
            "confirmed_at": s.confirmed_at,
        }
        for s in rows.order_by("pk")
    ]


def reviews(person) -> list[dict]:
    rows = Review.objects.filter(reviewer=person).select_related("proposal")
    return [
        {
            "proposal": r.proposal.title,
            "score": r.score,
            "comment": r.comment,
            "reviewed_at": r.created_at,
        }
        for r in rows.order_by("created_at", "pk")
    ]


def pledges(person) -> list[dict]:
    rows = Pledge.objects.filter(created_by=person).select_related("organisation", "item__request")
    return [
        {
            "request": p.item.request.reference,
            "organisation": p.organisation.name,
            "amount_euros": Decimal(p.amount_cents) / 100,
            "status": p.get_status_display(),
            "purchase_order_number": p.purchase_order_number,
            "pledged_at": p.created_at,
        }
        for p in rows.order_by("created_at", "pk")
    ]


def audit_entries(person) -> list[dict]:
    # The details and the object's name are left out: they may name another person.
    rows = AuditEntry.objects.filter(actor=person).order_by("created_at", "pk")
    return [
        {
            "action": e.action,
            "object_type": e.target_type,
            "object_id": e.target_id,
            "at": e.created_at,
        }
        for e in rows
    ]


def emails(person) -> list[dict]:
    rows = Message.objects.filter(to__iexact=person.email).order_by("created_at", "pk")
    return [
        {
            "to": m.to,
            "subject": m.subject,
            "body": m.body_text,
            "status": m.get_status_display(),
            "queued_at": m.created_at,
            "sent_at": m.sent_at,
        }
        for m in rows
    ]


PROVIDERS = [
    Provider("account", _("Account"), account),
    Provider("identities", _("Sign-in identities (OpenID Connect)"), identities),
    Provider("memberships", _("Memberships"), memberships),
    Provider("invitations", _("Invitations accepted"), invitations),
    Provider("requests", _("Improvement requests filed"), requests_filed),
    Provider("comments", _("Comments"), comments),
    Provider("endorsements", _("Endorsements made"), endorsements),
    Provider("request_supports", _("+1 given to requests"), request_supports),
    Provider("follows", _("Requests followed"), follows),
    Provider("attachments", _("Files attached"), attachments),
    Provider("ballots", _("Ballots cast for an organisation"), ballots),
    Provider("registrations", _("Meeting registrations"), registrations),
    Provider("registration_days", _("Days and workshops chosen"), registration_days),
    Provider("consents", _("Image-rights consents"), consents),
    Provider("speaking", _("Sessions as a speaker"), speaking),
    Provider("check_ins", _("Attendance (check-ins)"), check_ins),
    Provider("questions", _("Questions asked"), questions),
    Provider("question_supports", _("Questions supported"), question_supports),
    Provider("declarations", _("Turn-taking declarations"), declarations),
    Provider("proposals", _("Contribution proposals"), proposals),
    Provider("proposal_speaking", _("Proposals as a speaker"), proposal_speaking),
    Provider("reviews", _("Proposal reviews"), reviews),
    Provider("pledges", _("Funding pledges"), pledges),
    Provider("audit", _("Actions in the audit log"), audit_entries),
    Provider("emails", _("Emails sent to you"), emails),
]

# How each field is named on the readable page (the JSON keeps the keys).
FIELD_LABELS = {
    "email": _("email address"),
    "display_name": _("display name"),
    "language": _("preferred language"),
    "date_joined": _("account created"),
    "last_login": _("last sign-in"),
    "vendor_staff": _("vendor staff"),
    "provider": _("identity provider"),
    "provider_subject": _("subject at the provider"),
    "linked_at": _("linked"),
    "last_used_at": _("last used"),
    "organisation": _("organisation"),
    "role": _("role"),
    "since": _("since"),
    "sent_at": _("sent"),
    "accepted_at": _("accepted"),
    "reference": _("reference"),
    "title": _("title"),
    "status": _("status"),
    "problem": _("the problem"),
    "affected": _("who is affected"),
    "frequency": _("how often"),
    "current_cost": _("what it costs today"),
    "expected_benefit": _("expected benefit"),
    "request": _("request"),
    "comment": _("comment"),
    "written_at": _("written"),
    "use_case": _("use case"),
    "endorsed_at": _("endorsed"),
    "supported_at": _("supported"),
    "following": _("following"),
    "file": _("file"),
    "uploaded_at": _("uploaded"),
    "campaign": _("vote"),
    "version": _("version"),
    "receipt": _("receipt code"),
    "cast_at": _("cast"),
    "meeting": _("meeting"),
    "badge_name": _("name on the badge"),
    "badge_organisation": _("organisation on the badge"),
    "experience": _("newcomer or regular"),
    "dietary_needs": _("dietary needs"),
    "accessibility_needs": _("accessibility needs"),
    "registered_at": _("registered"),
    "cancelled_at": _("cancelled"),
    "image_rights": _("image-rights consent"),
    "clause_version": _("consent clause version"),
    "answered_at": _("answered"),
    "session": _("session"),
    "name": _("name"),
    "day": _("day"),
    "attendance": _("attendance"),
    "on_site_at": _("checked in on site"),
    "remote": _("followed remotely"),
    "question": _("question"),
    "question_number": _("question number"),
    "asked_at": _("asked"),
    "declared_gender": _("declared gender"),
    "gender": _("declared gender"),
    "abstract": _("abstract"),
    "objectives": _("objectives"),
    "prerequisites": _("prerequisites"),
    "proposed_at": _("proposed"),
    "proposal": _("proposal"),
    "confirmed_at": _("confirmed"),
    "score": _("score"),
    "reviewed_at": _("reviewed"),
    "amount_euros": _("amount (euros)"),
    "purchase_order_number": _("purchase order number"),
    "pledged_at": _("pledged"),
    "action": _("action"),
    "object_type": _("object type"),
    "object_id": _("object id"),
    "at": _("when"),
    "to": _("recipient"),
    "subject": _("subject"),
    "body": _("text"),
    "queued_at": _("queued"),
}
