"""Club meeting rules: programme editing, registration, seats and waiting lists, reminders.

Every function that changes seats locks the meeting row first (`select_for_update`), so two
simultaneous registrations count the same seats one after the other and nothing is oversold.
Refusals raise `cercle.core.errors.DomainError` with a code and a translated message.
"""

from cercle.meetings.selectors import agenda, starts_at, waiting_position
from cercle.meetings.services.mail import send_due_notices, send_reminders
from cercle.meetings.services.programme import delete_session, save_meeting, save_session
from cercle.meetings.services.registration import (
    Choices,
    cancel_registration,
    is_regular,
    register,
    set_image_consent,
)

__all__ = [
    "Choices",
    "agenda",
    "cancel_registration",
    "delete_session",
    "is_regular",
    "register",
    "save_meeting",
    "save_session",
    "send_due_notices",
    "send_reminders",
    "set_image_consent",
    "starts_at",
    "waiting_position",
]
