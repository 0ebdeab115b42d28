"""Rules of hosting: calls for candidacies, candidacies, the decision, the handover.

Every refusal is a ``DomainError``; an unacceptable file is Django's ``ValidationError`` from
``cercle.core.uploads``. Staff decisions are written to the audit log.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core import uploads
from cercle.core.errors import DomainError
from cercle.hosting import permissions
from cercle.hosting.calendars import default_title, handover_invitation
from cercle.hosting.enums import CallPhase, DocumentVisibility
from cercle.hosting.models import (
    Answer,
    Candidacy,
    CandidacyAttachment,
    Handover,
    HostingCall,
    Question,
    WorkingDocument,
)
from cercle.hosting.signals import handover_completed, host_chosen
from cercle.meetings.enums import MeetingStatus
from cercle.meetings.models import Meeting
from cercle.organisations.enums import OrganisationKind, Role
from cercle.organisations.models import Membership
from cercle.outbox.services import queue_templated
from cercle.votes import services as vote_services
from cercle.votes.enums import Subject

ATTACHMENT_KINDS = (uploads.PDF, uploads.ODT, uploads.PNG, uploads.JPEG, uploads.WEBP)
DOCUMENT_KINDS = uploads.DOCUMENTS
MAX_ATTACHMENTS = 10
MAX_TEXT = 5000
MAX_HANDOVER_HOURS = 12


def _forbidden():
    return DomainError("forbidden", _("You are not allowed to do this."))


def _paris(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _require_staff(actor) -> None:
    if not permissions.can_manage_calls(actor):
        raise _forbidden()


@transaction.atomic
def create_call(
    *,
    actor,
    edition: int,
    title: str,
    description: str,
    opens_at,
    closes_at,
    questions,
    decided_by_vote: bool = False,
) -> HostingCall:
    """Open a call for candidacies for a future edition, with its criteria as questions;
    ``decided_by_vote``: the member organisations vote on the candidacies once it closes."""
    _require_staff(actor)
    if closes_at <= opens_at:
        raise DomainError("dates", _("The call must close after it opens."), fields=["closes_at"])
    texts = [text.strip()[:300] for text in questions if text.strip()]
    if not texts:
        raise DomainError(
            "no_questions", _("Ask at least one question to the candidates."), fields=["questions"]
        )
    call = HostingCall.objects.create(
        edition=edition,
        title=title.strip(),
        description=description.strip(),
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=actor,
        decided_by_vote=bool(decided_by_vote),
    )
    Question.objects.bulk_create(
        Question(call=call, position=index, text=text) for index, text in enumerate(texts)
    )
    record(
        actor=actor,
        action="hosting.call_created",
        target=call,
        details={"edition": edition, "decided_by_vote": call.decided_by_vote},
    )
    return call


@transaction.atomic
def update_call(
    *,
    call: HostingCall,
    actor,
    title: str,
    description: str,
    opens_at,
    closes_at,
    questions,
    decided_by_vote: bool | None = None,
) -> HostingCall:
    """Staff change a call until its decision; its questions only while nobody has applied
    (answers are tied to them); whether a club vote decides, until that vote is opened."""
    _require_staff(actor)
    call = HostingCall.objects.select_for_update().get(pk=call.pk)
    if call.is_decided:
        raise DomainError("already_decided", _("The host of this edition is already chosen."))
    if closes_at <= opens_at:
        raise DomainError("dates", _("The call must close after it opens."), fields=["closes_at"])
    if decided_by_vote is not None and bool(decided_by_vote) != call.decided_by_vote:
        if call.campaign_id is not None:
            raise DomainError(
                "vote_opened",
                _("The club vote is already open: how the host is chosen can no longer change."),
                fields=["decided_by_vote"],
            )
        call.decided_by_vote = bool(decided_by_vote)
    if call.campaign_id is not None and (opens_at, closes_at) != (call.opens_at, call.closes_at):
        raise DomainError(
            "vote_opened",
            _("The club vote on the candidacies is opened: the call's dates can no longer change."),
            fields=["closes_at"],
        )
    texts = [text.strip()[:300] for text in questions if text.strip()]
    current = list(call.questions.values_list("text", flat=True))
    if texts != current:
        if call.candidacies.exists():
            raise DomainError(
                "questions_locked",
                _("Organisations have already answered: the questions can no longer change."),
                fields=["questions"],
            )
        if not texts:
            raise DomainError(
                "no_questions",
                _("Ask at least one question to the candidates."),
                fields=["questions"],
            )
        call.questions.all().delete()
        Question.objects.bulk_create(
            Question(call=call, position=index, text=text) for index, text in enumerate(texts)
        )
    call.title = title.strip()
    call.description = description.strip()
    call.opens_at = opens_at
    call.closes_at = closes_at
    call.save(update_fields=["title", "description", "opens_at", "closes_at", "decided_by_vote"])
    record(
        actor=actor,
        action="hosting.call_updated",
        target=call,
        details={
            "opens_at": opens_at.isoformat(),
            "closes_at": closes_at.isoformat(),
            "decided_by_vote": call.decided_by_vote,
        },
    )
    return call


def require_open(call: HostingCall, now=None) -> None:
    phase = call.phase(now)
    if phase is CallPhase.UPCOMING:
        raise DomainError(
            "call_not_open",
            _("Candidacies open on %(date)s; come back then."),
            date=_paris(call.opens_at),
        )
    if phase is not CallPhase.OPEN:
        raise DomainError(
            "call_closed",
            _(
                "The call for candidacies closed on %(date)s: your candidacy can no longer be "
                "submitted or changed. What you typed is still below."
            ),
            date=_paris(call.closes_at),
        )


def _clean_answers(call: HostingCall, answers: dict) -> dict:
    questions = list(call.questions.all())
    cleaned, missing = {}, []
    for question in questions:
        text = (answers.get(question.pk) or "").strip()
        if not text:
            missing.append(f"q_{question.pk}")
        cleaned[question] = text[:MAX_TEXT]
    if missing:
        raise DomainError(
            "answers_missing", _("Answer every question of the call."), fields=missing
        )
    return cleaned


def _save_answers(candidacy: Candidacy, cleaned: dict) -> None:
    existing = {answer.question_id: answer for answer in candidacy.answers.all()}
    for question, text in cleaned.items():
        answer = existing.get(question.pk)
        if answer is None:
            Answer.objects.create(candidacy=candidacy, question=question, text=text)
        elif answer.text != text:
            answer.text = text
            answer.save(update_fields=["text"])


def submit_candidacy(
    *, call: HostingCall, organisation, person, answers: dict, upload=None
) -> Candidacy:
    """Record an organisation's candidacy, answers keyed by question id.

    Only a référent of an active member organisation (not the vendor) may apply, while the
    call is open, once per organisation: a second one raises "already_applied" (the database
    constraint settles simultaneous submissions).
    """
    if not permissions.can_apply_for(person, organisation):
        raise _forbidden()
    require_open(call)
    cleaned = _clean_answers(call, answers)
    if upload:
        kind = uploads.validate_upload(
            upload, allowed=ATTACHMENT_KINDS, max_size=settings.ATTACHMENT_MAX_SIZE
        )
    try:
        with transaction.atomic():
            candidacy = Candidacy.objects.create(
                call=call, organisation=organisation, submitted_by=person
            )
            _save_answers(candidacy, cleaned)
            if upload:
                _store_attachment(candidacy, upload, kind, person)
    except IntegrityError:
        raise DomainError(
            "already_applied",
            _("%(organisation)s has already applied to this call: edit its candidacy instead."),
            organisation=organisation,
        ) from None
    return candidacy


@transaction.atomic
def update_candidacy(*, candidacy: Candidacy, person, answers: dict, upload=None) -> Candidacy:
    """A référent of the candidate organisation changes its answers or adds a file, until the
    call closes."""
    if not permissions.can_edit_candidacy(person, candidacy):
        raise _forbidden()
    call = HostingCall.objects.select_for_update().get(pk=candidacy.call_id)
    require_open(call)
    cleaned = _clean_answers(call, answers)
    if upload:
        if candidacy.attachments.count() >= MAX_ATTACHMENTS:
            raise DomainError(
                "too_many_files",
                _("A candidacy holds at most %(count)s files."),
                count=MAX_ATTACHMENTS,
                fields=["attachment"],
            )
        kind = uploads.validate_upload(
            upload, allowed=ATTACHMENT_KINDS, max_size=settings.ATTACHMENT_MAX_SIZE
        )
    _save_answers(candidacy, cleaned)
    if upload:
        _store_attachment(candidacy, upload, kind, person)
    candidacy.save(update_fields=["updated_at"])
    return candidacy


def _store_attachment(candidacy, upload, kind, person) -> CandidacyAttachment:
    name = uploads.named_by_kind(upload.name, kind)
    attachment = CandidacyAttachment(
        candidacy=candidacy,
        original_name=name,
        mimetype=kind.mimetype,
        size=upload.size,
        added_by=person,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


def read_attachment(*, attachment: CandidacyAttachment, person) -> CandidacyAttachment:
    """The file, for a person who may see its candidacy (staff, the candidate's référents,
    the club vote's voters once it is opened); anyone else is refused."""
    if not permissions.can_see_candidacy(person, attachment.candidacy):
        raise _forbidden()
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: CandidacyAttachment, person) -> None:
    candidacy = attachment.candidacy
    if not permissions.can_edit_candidacy(person, candidacy):
        raise _forbidden()
    require_open(candidacy.call)
    attachment.file.delete(save=False)
    attachment.delete()


def _meeting_for(call: HostingCall, organisation) -> tuple[Meeting, bool]:
    """The edition's meeting, now hosted by ``organisation``: the existing one, or a new draft."""
    meeting = Meeting.objects.select_for_update().filter(edition=call.edition).first()
    if meeting is not None:
        return meeting, False
    base = slugify(f"{call.edition}e rencontre {organisation.name}")[:90] or f"{call.edition}"
    slug, suffix = base, 1
    while Meeting.objects.filter(slug=slug).exists():
        suffix += 1
        slug = f"{base}-{suffix}"
    title = _("Club meeting no. %(edition)s — %(host)s") % {
        "edition": call.edition,
        "host": organisation.name,
    }
    meeting = Meeting.objects.create(
        edition=call.edition,
        title=str(title)[:200],
        slug=slug,
        host=organisation,
        status=MeetingStatus.DRAFT,
    )
    return meeting, True


def vote_candidacies(call: HostingCall):
    """The candidacies a club vote offers: those of organisations still active members (an
    organisation that left the club since it applied is no option)."""
    return (
        call.candidacies.filter(organisation__is_active=True)
        .exclude(organisation__kind=OrganisationKind.VENDOR)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


def open_vote(*, call: HostingCall, actor, data: dict):
    """Staff open the club vote on a closed call's candidacies: a votes campaign (subject
    "hosting", one seat) whose options are the candidacies, each linked to its line.

    ``data``: the campaign's fields (dates, method and its numbers, tie rule, publication),
    checked by the votes app. Refused unless the call is set to be decided by a vote, is
    closed and undecided, has no vote yet and has at least one candidacy. Audited.
    """
    _require_staff(actor)
    with transaction.atomic():
        call = HostingCall.objects.select_for_update().get(pk=call.pk)
        if not call.decided_by_vote:
            raise DomainError(
                "no_vote_planned",
                _("This call is not decided by a club vote: staff choose the host directly."),
            )
        if call.campaign_id is not None:
            raise DomainError("vote_exists", _("The club vote on this call is already opened."))
        if call.is_decided:
            raise DomainError("already_decided", _("The host of this edition is already chosen."))
        if call.phase() is not CallPhase.CLOSED:
            raise DomainError(
                "call_not_closed",
                _("The club vote opens once the call for candidacies closes."),
            )
        candidacies = list(vote_candidacies(call))
        if not candidacies:
            raise DomainError("no_candidacies", _("No candidacy to vote on."))
        # Each option links to the candidacy's page, which the voters may read.
        options = [
            (f"C{index:02d}", candidacy.organisation.name, candidacy.get_absolute_url())
            for index, candidacy in enumerate(candidacies, start=1)
        ]
        values = {**data, "seats": 1}
        campaign = vote_services.create_campaign(
            actor=actor, data=values, subject=Subject.HOSTING, options=options
        )
        items = {item.reference: item for item in campaign.items.all()}
        for (reference, _label, _url), candidacy in zip(options, candidacies, strict=True):
            candidacy.ballot_item = items[reference]
        Candidacy.objects.bulk_update(candidacies, ["ballot_item"])
        call.campaign = campaign
        call.save(update_fields=["campaign"])
        record(
            actor=actor,
            action="hosting.vote_opened",
            target=call,
            details={"campaign": campaign.pk, "candidacies": [c.pk for c in candidacies]},
        )
    return campaign


def ballot_candidacies(call: HostingCall):
    """The candidacies on the ballot of the call's club vote (none before it is opened)."""
    if call.campaign_id is None:
        return Candidacy.objects.none()
    return (
        call.candidacies.filter(ballot_item__campaign_id=call.campaign_id)
        .select_related("organisation", "ballot_item")
        .order_by("ballot_item__reference")
    )


def vote_outcome(call: HostingCall) -> tuple[bool, Candidacy | None]:
    """(results published, the candidacy the vote retained or None) for a call with a vote."""
    campaign = call.campaign
    if campaign is None or not vote_services.results_published(campaign):
        return False, None
    winner = (
        Candidacy.objects.filter(call=call, ballot_item__campaign=campaign)
        .filter(ballot_item__retained=True)
        .select_related("organisation")
        .first()
    )
    return True, winner


def _check_vote(call: HostingCall, candidacy: Candidacy) -> None:
    """A call decided by a club vote follows its published result."""
    if not call.decided_by_vote:
        return
    if call.campaign_id is None:
        raise DomainError(
            "vote_not_opened",
            _("This call is decided by a club vote: open the vote on the candidacies first."),
        )
    published, winner = vote_outcome(call)
    if not published:
        raise DomainError(
            "vote_not_published",
            _(
                "The club vote's results are not published yet: the host is chosen once the "
                "vote is closed and counted (and a tie at the cutoff settled)."
            ),
        )
    # No ballot cast: the vote retained nobody, and staff decide with their reasons.
    if winner is not None and winner.pk != candidacy.pk:
        raise DomainError(
            "not_the_vote_result",
            _("The club vote chose %(organisation)s: the decision must follow the vote."),
            organisation=winner.organisation.name,
            fields=["candidacy"],
        )


def decide(*, call: HostingCall, candidacy: Candidacy, reasons: str, actor) -> Meeting:
    """Staff choose the host of the call's edition and publish the decision with its reasons.

    The chosen organisation becomes the host of the edition's meeting (the existing one, or a
    new draft); a handover from the previous edition's meeting is opened; the decision is
    audited; the candidates' référents are emailed; ``host_chosen`` is sent. A call decided by
    a club vote is decided once the vote's result is published, for the candidacy it retained.
    """
    _require_staff(actor)
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError(
            "reasons_missing", _("Give the reasons of the decision."), fields=["reasons"]
        )
    with transaction.atomic():
        call = HostingCall.objects.select_for_update().get(pk=call.pk)
        if call.is_decided:
            raise DomainError("already_decided", _("The host of this edition is already chosen."))
        if call.phase() is not CallPhase.CLOSED:
            raise DomainError(
                "call_not_closed", _("The host is chosen once the call for candidacies closes.")
            )
        if candidacy.call_id != call.pk:
            raise DomainError("not_a_candidate", _("Choose one of this call's candidacies."))
        _check_vote(call, candidacy)
        organisation = candidacy.organisation
        meeting, created = _meeting_for(call, organisation)
        previous_host = meeting.host_id
        if meeting.host_id != organisation.pk:
            meeting.host = organisation
            meeting.save(update_fields=["host"])
        call.chosen = candidacy
        call.reasons = reasons[:MAX_TEXT]
        call.decided_at = timezone.now()
        call.decided_by = actor
        call.meeting = meeting
        call.save(update_fields=["chosen", "reasons", "decided_at", "decided_by", "meeting"])
        previous = Meeting.objects.filter(edition__lt=call.edition).order_by("-edition").first()
        if previous is not None:
            Handover.objects.get_or_create(meeting=meeting, defaults={"previous_meeting": previous})
        record(
            actor=actor,
            action="hosting.host_chosen",
            target=call,
            details={
                "candidacy": candidacy.pk,
                "organisation": organisation.pk,
                "meeting": meeting.pk,
                "meeting_created": created,
                "previous_host": previous_host,
                "reasons": call.reasons,
            },
        )
        _announce_decision(call)
        host_chosen.send(sender=HostingCall, call=call, meeting=meeting, organisation=organisation)
    return meeting


def _announce_decision(call: HostingCall) -> None:
    """Email the référents of every candidate organisation that the decision is published."""
    memberships = (
        Membership.objects.filter(
            organisation__hosting_candidacies__call=call,
            role=Role.REFERENT,
            user__is_active=True,
        )
        .select_related("user", "organisation")
        .order_by("pk")
    )
    for membership in memberships:
        person = membership.user
        queue_templated(
            person.email,
            "hosting/email/decision",
            {
                "call": call,
                "person": person,
                "organisation": membership.organisation,
                "chosen": membership.organisation_id == call.chosen.organisation_id,
                "host": call.chosen.organisation,
                "site_url": settings.SITE_URL,
            },
            person.language,
        )


def _host_referents(handover: Handover):
    hosts = [handover.meeting.host_id, handover.previous_meeting.host_id]
    people = {}
    for membership in Membership.objects.filter(
        organisation_id__in=hosts, role=Role.REFERENT, user__is_active=True
    ).select_related("user"):
        people.setdefault(membership.user.email.lower(), membership.user)
    return list(people.values())


def schedule_handover(
    *,
    handover: Handover,
    actor,
    title: str,
    starts_at,
    ends_at,
    place: str,
    online_url: str,
    notes: str,
) -> Handover:
    """Set (or move) the handover session and email an iCalendar invitation to the référents of
    both host organisations."""
    if not permissions.can_handle_handover(actor, handover):
        raise _forbidden()
    if handover.held_at is not None:
        raise DomainError("already_held", _("This handover has already been held."))
    if ends_at <= starts_at:
        raise DomainError("dates", _("The session must end after it starts."), fields=["ends_at"])
    if ends_at - starts_at > timedelta(hours=MAX_HANDOVER_HOURS):
        raise DomainError(
            "too_long",
            _("A handover session lasts at most %(hours)s hours."),
            hours=MAX_HANDOVER_HOURS,
            fields=["ends_at"],
        )
    if not place.strip() and not online_url.strip():
        raise DomainError("no_place", _("Give a place or an online link."), fields=["place"])
    with transaction.atomic():
        handover = (
            Handover.objects.select_for_update()
            .select_related("meeting__host", "previous_meeting__host")
            .get(pk=handover.pk)
        )
        handover.title = title.strip()[:200] or default_title(handover)[:200]
        handover.starts_at = starts_at
        handover.ends_at = ends_at
        handover.place = place.strip()[:300]
        handover.online_url = online_url.strip()
        handover.notes = notes.strip()[:MAX_TEXT]
        handover.sequence += 1
        handover.scheduled_by = actor
        handover.save()
        recipients = _host_referents(handover)
        for person in recipients:
            with translation.override(person.language):
                invitation = handover_invitation(handover, attendees=recipients)
            queue_templated(
                person.email,
                "hosting/email/handover_invitation",
                {"handover": handover, "person": person, "site_url": settings.SITE_URL},
                person.language,
                attachments=[("passation.ics", invitation, "text/calendar; method=REQUEST")],
            )
        record(
            actor=actor,
            action="hosting.handover_scheduled",
            target=handover.meeting,
            details={"starts_at": starts_at.isoformat(), "sequence": handover.sequence},
        )
    return handover


@transaction.atomic
def mark_handover_held(*, handover: Handover, actor) -> Handover:
    """Record that the handover session took place; sends ``handover_completed``."""
    if not permissions.can_handle_handover(actor, handover):
        raise _forbidden()
    handover = Handover.objects.select_for_update().select_related("meeting").get(pk=handover.pk)
    if handover.held_at is not None:
        raise DomainError("already_held", _("This handover has already been held."))
    if not handover.is_scheduled:
        raise DomainError("not_scheduled", _("Schedule the handover session first."))
    handover.held_at = timezone.now()
    handover.held_by = actor
    handover.save(update_fields=["held_at", "held_by"])
    record(actor=actor, action="hosting.handover_held", target=handover.meeting)
    handover_completed.send(sender=Handover, meeting=handover.meeting, by=actor)
    return handover


@transaction.atomic
def add_document(*, meeting: Meeting, actor, title: str, upload, visibility: str):
    """A host référent or staff add a working document to a meeting (any office or PDF file)."""
    if not permissions.can_add_documents(actor, meeting):
        raise _forbidden()
    if visibility not in DocumentVisibility.values:
        raise DomainError(
            "unknown_visibility", _("Choose who may see the document."), fields=["visibility"]
        )
    kind = uploads.validate_upload(
        upload, allowed=DOCUMENT_KINDS, max_size=settings.ATTACHMENT_MAX_SIZE
    )
    name = uploads.named_by_kind(upload.name, kind)
    document = WorkingDocument(
        meeting=meeting,
        title=title.strip()[:200] or name,
        original_name=name,
        mimetype=kind.mimetype,
        size=upload.size,
        visibility=visibility,
        added_by=actor,
    )
    document.file.save(name, upload, save=False)
    document.save()
    return document


@transaction.atomic
def delete_document(*, document: WorkingDocument, actor) -> None:
    if not permissions.can_add_documents(actor, document.meeting):
        raise _forbidden()
    document.file.delete(save=False)
    document.delete()


def next_edition() -> int:
    return (Meeting.objects.aggregate(top=Max("edition"))["top"] or 0) + 1
