"""Filing a request: the draft, its edits, its attachments and its submission to the club."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.core.errors import DomainError
from cercle.core.text import normalise, stored_keywords
from cercle.core.uploads import DOCUMENTS, named_by_kind, validate_upload
from cercle.organisations.models import Membership
from cercle.requests import permissions, signals
from cercle.requests.enums import Status
from cercle.requests.models import MARKDOWN_LIMITS, Attachment, Endorsement, ImprovementRequest
from cercle.requests.services.common import (
    FORBIDDEN,
    check_lengths,
    follow,
    log_status,
    refresh_counts,
    refresh_eligibility,
)

REQUIRED_TO_SUBMIT = [
    "title",
    "problem",
    "affected",
    "frequency",
    "current_cost",
    "expected_benefit",
]
EDITABLE_FIELDS = REQUIRED_TO_SUBMIT


def _index(improvement: ImprovementRequest) -> None:
    improvement.search_title = normalise(improvement.title)[:255]
    improvement.title_keywords, improvement.title_keyword_count = stored_keywords(improvement.title)
    improvement.search_text = normalise(
        " ".join(
            [
                improvement.title,
                improvement.problem,
                improvement.affected,
                improvement.frequency,
                improvement.current_cost,
                improvement.expected_benefit,
            ]
        )
    )


def create_draft(*, author, organisation, data: dict, modules=()) -> ImprovementRequest:
    """Start a request for one of the author's organisations; it gets its reference now."""
    if not permissions.filing_organisations(author).filter(pk=organisation.pk).exists():
        raise DomainError("not_member", _("You can only file requests for your own organisations."))
    check_lengths(data, MARKDOWN_LIMITS)
    year = timezone.localdate().year
    for _attempt in range(5):
        try:
            with transaction.atomic():
                number = (
                    ImprovementRequest.objects.filter(year=year).aggregate(n=Max("number"))["n"]
                    or 0
                ) + 1
                improvement = ImprovementRequest(
                    year=year,
                    number=number,
                    reference=f"D-{year}-{number:04d}",
                    organisation=organisation,
                    author=author,
                    **{field: data.get(field, "") for field in EDITABLE_FIELDS},
                )
                _index(improvement)
                improvement.save()
                improvement.modules.set(modules)
                return improvement
        except IntegrityError:
            continue  # another request took this number at the same moment: take the next
    raise DomainError("reference_unavailable", _("Please try again in a moment."))


def update_request(*, improvement, actor, data: dict, modules=None) -> ImprovementRequest:
    """Change the texts (their HTML is rendered again as the request is saved) and modules."""
    if not permissions.can_edit(actor, improvement):
        raise DomainError("forbidden", FORBIDDEN)
    check_lengths(data, MARKDOWN_LIMITS)
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(improvement, field, data[field])
    _index(improvement)
    improvement.last_activity_at = timezone.now()
    improvement.save()
    if modules is not None:
        improvement.modules.set(modules)
    return improvement


def filing_use_case(improvement) -> str:
    return "\n\n".join(
        part
        for part in (improvement.affected, improvement.frequency, improvement.current_cost)
        if part
    )


@transaction.atomic
def submit(*, improvement, actor) -> ImprovementRequest:
    """Send a draft to the club. The filing organisation becomes its first endorser."""
    improvement = ImprovementRequest.objects.select_for_update().get(pk=improvement.pk)
    if not permissions.can_edit(actor, improvement):
        raise DomainError("forbidden", FORBIDDEN)
    if improvement.status != Status.DRAFT:
        raise DomainError("not_draft", _("This request has already been submitted."))
    missing = [field for field in REQUIRED_TO_SUBMIT if not getattr(improvement, field).strip()]
    if missing:
        raise DomainError(
            "incomplete",
            _("Complete the highlighted fields before submitting."),
            fields=missing,
        )
    log_status(improvement, to_status=Status.SUBMITTED, actor=actor)
    improvement.submitted_at = improvement.last_activity_at = timezone.now()
    improvement.save(update_fields=["status", "submitted_at", "last_activity_at"])
    Endorsement.objects.get_or_create(
        request=improvement,
        organisation=improvement.organisation,
        defaults={"endorsed_by": actor, "use_case": filing_use_case(improvement)},
    )
    members = [m.user for m in Membership.objects.filter(organisation=improvement.organisation)]
    follow(improvement, [actor, *members])
    refresh_counts(improvement)
    signals.request_filed.send(sender=ImprovementRequest, improvement=improvement)
    refresh_eligibility(improvement, actor=None)
    return improvement


def attach_file(*, improvement, uploaded, person) -> Attachment:
    """Attach a document after checking its real type and size; it is named by that type.

    An unacceptable file raises django's ValidationError from core.uploads.
    """
    if not permissions.can_edit(person, improvement):
        raise DomainError("forbidden", FORBIDDEN)
    kind = validate_upload(uploaded, allowed=DOCUMENTS, max_size=settings.ATTACHMENT_MAX_SIZE)
    name = named_by_kind(uploaded.name, kind)
    uploaded.name = name
    return Attachment.objects.create(
        request=improvement,
        file=uploaded,
        original_name=name,
        mimetype=kind.mimetype,
        size=uploaded.size,
        uploaded_by=person,
    )
