"""Onsite pages, one module per feature; urls.py reaches them through this package."""

from cercle.onsite.views.archive import archive, archive_list, figures
from cercle.onsite.views.badges import badges
from cercle.onsite.views.certificates import certificates, my_certificate
from cercle.onsite.views.check_in import check_in, check_in_days, remote_import
from cercle.onsite.views.documents import document_delete, document_download, documents
from cercle.onsite.views.recordings import chapters_form, recording_form, recordings, webvtt
from cercle.onsite.views.screens import room_list, room_screen, room_screen_state

__all__ = [
    "archive",
    "archive_list",
    "badges",
    "certificates",
    "chapters_form",
    "check_in",
    "check_in_days",
    "document_delete",
    "document_download",
    "documents",
    "figures",
    "my_certificate",
    "recording_form",
    "recordings",
    "remote_import",
    "room_list",
    "room_screen",
    "room_screen_state",
    "webvtt",
]
