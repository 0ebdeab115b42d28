"""On the day and after: badges, check-in, remote attendance, recordings, documents,
certificates. One module per feature; every function that acts for someone takes the `actor`
and checks their permission first (DomainError "forbidden"); changes are audited.
"""

from cercle.onsite.figures import day_figures
from cercle.onsite.services.badges import (
    badge_role,
    badge_token,
    badges_pdf,
    looks_like_badge_token,
    onsite_registrations,
    read_badge_token,
)
from cercle.onsite.services.certificates import certificate_for, certificates_for
from cercle.onsite.services.check_in import (
    check_in,
    check_in_window,
    local_time,
    require_open,
    search_registrations,
)
from cercle.onsite.services.documents import add_document, delete_document
from cercle.onsite.services.recordings import (
    preview_agenda,
    save_chapters,
    save_recording,
    webvtt,
)
from cercle.onsite.services.remote import ImportReport, import_remote_attendance

__all__ = [
    "ImportReport",
    "add_document",
    "badge_role",
    "badge_token",
    "badges_pdf",
    "certificate_for",
    "certificates_for",
    "check_in",
    "check_in_window",
    "day_figures",
    "delete_document",
    "import_remote_attendance",
    "local_time",
    "looks_like_badge_token",
    "onsite_registrations",
    "preview_agenda",
    "read_badge_token",
    "require_open",
    "save_chapters",
    "save_recording",
    "search_registrations",
    "webvtt",
]
