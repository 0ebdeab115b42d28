"""What every meetings view shares: finding the meeting, showing a refusal on a form."""

from cercle.core.errors import DomainError
from cercle.meetings.formatting import day_label
from cercle.meetings.lookups import meeting_for

# One lookup for meetings and onsite views alike.
get_meeting = meeting_for


def add_refusal(form, error: DomainError, *, renamed=None) -> None:
    """Show a refused action on the form, on its field when the form has one by that name."""
    renamed = renamed or {}
    names = [renamed.get(name, name) for name in error.fields]
    field = next((name for name in names if name in form.fields), None)
    form.add_error(field, error.message)


def by_day(days, sessions):
    for day in days:
        day.label = day_label(day)
        day.programme = [session for session in sessions if session.day_id == day.pk]
    return days


# What the programme shows: sessions, days, seats and registrations (meetings), speakers'
# organisations and names.
PROGRAMME_TOPICS = ("meetings", "organisations", "accounts")
