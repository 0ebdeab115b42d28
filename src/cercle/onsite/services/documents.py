"""Slides and documents attached to programme sessions: uploads or links."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core import uploads
from cercle.core.errors import DomainError
from cercle.meetings.models import Session
from cercle.onsite.enums import Visibility
from cercle.onsite.models import Document
from cercle.onsite.permissions import require_manager


@transaction.atomic
def add_document(
    *, session: Session, actor, title: str, upload=None, url: str = "", visibility: str
) -> Document:
    """Attach slides or a document to a session: an upload (PDF, ODP or PPTX, checked by its
    content and `SLIDES_MAX_SIZE`) or a link. Raises DomainError "file_or_link" unless exactly
    one is given; an unacceptable file raises django's ValidationError from core.uploads.
    """
    require_manager(actor, session.meeting)
    if bool(upload) == bool(url):
        raise DomainError(
            "file_or_link", _("Give either a file or a link, not both."), fields=["file"]
        )
    if visibility not in Visibility.values:
        raise DomainError(
            "unknown_visibility", _("Choose who may see the document."), fields=["visibility"]
        )
    document = Document(
        session=session, title=title.strip(), url=url, visibility=visibility, added_by=actor
    )
    if upload:
        kind = uploads.validate_upload(
            upload, allowed=uploads.SLIDES, max_size=settings.SLIDES_MAX_SIZE
        )
        stem = (upload.name or "document").rsplit(".", 1)[0][:80] or "document"
        document.original_name = f"{stem}.{kind.extension}"
        document.mimetype = kind.mimetype
        document.size = upload.size
        document.file.save(document.original_name, upload, save=False)
    document.save()
    record(
        actor=actor,
        action="meeting.document_added",
        target=session.meeting,
        details={"session": session.pk, "document": document.pk, "title": document.title},
    )
    return document


@transaction.atomic
def delete_document(*, document: Document, actor) -> None:
    meeting = document.session.meeting
    require_manager(actor, meeting)
    record(
        actor=actor,
        action="meeting.document_deleted",
        target=meeting,
        details={"document": document.pk, "title": document.title},
    )
    if document.file:
        document.file.delete(save=False)
    document.delete()
