"""What the projector of a room shows: the session under way, the next one, and their details.

A room has no row of its own: sessions carry a free-text `room`, and the screen's URL key is
that name slugified ("Salle Lumière" and "salle lumiere" are one room, as the overlap rule of
the programme already treats them).
"""

import base64
import io
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from cercle.glossary.services import glossary_terms
from cercle.meetings.models import PARIS, Meeting, Session
from cercle.onsite.badges.render import qr_image

MAX_LEAD_MINUTES = 240
QR_PIXELS_PER_MODULE = 8


def room_key(name: str) -> str:
    return slugify(name)


def lead_minutes(raw: str | None) -> int:
    """Minutes before a session starts from which the screen presents it (`?avance=`)."""
    default = settings.ROOM_SCREEN_LEAD_MINUTES
    try:
        value = int(raw) if raw is not None else default
    except ValueError:
        return default
    return value if 0 <= value <= MAX_LEAD_MINUTES else default


def room_names(meeting: Meeting, key: str) -> list[str]:
    """Every spelling of the room whose key is `key`; empty for an unknown room."""
    names = (
        Session.objects.filter(meeting=meeting)
        .exclude(room="")
        .values_list("room", flat=True)
        .distinct()
    )
    return sorted({name for name in names if key and room_key(name) == key})


def meeting_rooms(meeting: Meeting) -> list[tuple[str, str]]:
    """(key, name) of each room of the meeting, by name."""
    names = Session.objects.filter(meeting=meeting).exclude(room="").values_list("room", flat=True)
    rooms = {room_key(name): name.strip() for name in names if room_key(name)}
    return sorted(((key, name) for key, name in rooms.items()), key=lambda room: room[1].lower())


@dataclass(frozen=True)
class ModuleName:
    name: str
    synonym: str


@dataclass
class ScreenState:
    """The room at `now`: the session under way (if any) and the next one."""

    now: datetime
    lead: timedelta
    current: Session | None = None
    upcoming: Session | None = None
    modules: list[ModuleName] = field(default_factory=list)

    @property
    def soon(self) -> bool:
        """The next session starts within the lead time: it is presented in full."""
        return self.upcoming is not None and self.upcoming.starts_at - self.now <= self.lead

    @property
    def featured(self) -> Session | None:
        """The session the screen presents with its details."""
        if self.current is not None:
            return self.current
        return self.upcoming if self.soon else None

    @property
    def minutes_to_upcoming(self) -> int | None:
        if self.upcoming is None:
            return None
        return max(int((self.upcoming.starts_at - self.now).total_seconds() // 60), 0)

    @property
    def upcoming_another_day(self) -> bool:
        if self.upcoming is None:
            return False
        return timezone.localdate(self.upcoming.starts_at, PARIS) != timezone.localdate(
            self.now, PARIS
        )


def screen_state(meeting: Meeting, names: list[str], *, now: datetime, lead: int) -> ScreenState:
    """Three queries whatever the size of the programme: sessions, speakers (glossary cached)."""
    sessions = list(
        Session.objects.filter(meeting=meeting, room__in=names, ends_at__gt=now)
        .select_related("track")
        .prefetch_related("speakers")
        .order_by("starts_at", "pk")[:3]
    )
    state = ScreenState(now=now, lead=timedelta(minutes=lead))
    state.current = next((s for s in sessions if s.starts_at <= now), None)
    state.upcoming = next((s for s in sessions if s.starts_at > now), None)
    if state.featured is not None:
        state.modules = modules_named(state.featured)
    return state


def modules_named(session: Session) -> list[ModuleName]:
    """The glossary modules a session names, with the word newcomers know them by."""
    text = " ".join((session.title, session.objectives, session.prerequisites))
    found = []
    for term in glossary_terms():
        words = term.name.split()
        if not words:
            continue
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)"
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            found.append((match.start(), ModuleName(name=term.name, synonym=term.synonym)))
    return [module for _start, module in sorted(found, key=lambda item: item[0])]


def question_path(meeting: Meeting, session: Session) -> str:
    """The page where phones ask questions about `session` (the questions app)."""
    return reverse("questions:ask", args=[meeting.slug, session.pk])


@lru_cache(maxsize=256)
def qr_data_uri(url: str) -> str:
    """A PNG QR code of `url` as a data: URI (the policy allows img-src data:)."""
    image = qr_image(url)
    image = image.resize(
        (image.width * QR_PIXELS_PER_MODULE, image.height * QR_PIXELS_PER_MODULE), resample=0
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
