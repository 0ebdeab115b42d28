"""Timecoded chapters of club meeting recordings.

Pure Python, no models: parsing the timecodes written on the club's French pages, reading a
pasted agenda, matching its lines to programme sessions, building deep links into recordings
and exporting WebVTT chapters.
"""

import html
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from cercle.core.text import normalise

__all__ = [
    "CLOCK",
    "FRENCH",
    "PROVIDERS",
    "AgendaLine",
    "AgendaParse",
    "Match",
    "UnparsedLine",
    "UnparsedReason",
    "deep_link",
    "format_timecode",
    "match_sessions",
    "parse_agenda",
    "parse_timecode",
    "to_webvtt",
]

PROVIDERS = (
    ("bbb", "BigBlueButton playback"),
    ("peertube", "PeerTube"),
    ("youtube", "YouTube"),
    ("video", "Direct video file"),
)

FRENCH = "french"
CLOCK = "clock"

_HOURS, _MINUTES, _SECONDS = 0, 1, 2
_RANK_NAMES = ("hours", "minutes", "seconds")
_UNIT_RANKS = {
    "h": _HOURS,
    "min": _MINUTES,
    "mn": _MINUTES,
    "m": _MINUTES,
    "sec": _SECONDS,
    "s": _SECONDS,
}
# A leading component may exceed 59 ("95s", "75min"), but not absurdly: int() of a huge digit
# string would raise its own error that does not name the text.
_MAX_LEADING_DIGITS = 6

_COMPONENT = re.compile(r"\s*([0-9]+)\s*(min|mn|m|sec|s|h)?", re.IGNORECASE)
_CLOCK = re.compile(r"([0-9]+):([0-9]{2})(?::([0-9]{2}))?")


def parse_timecode(text: str) -> int:
    """Return the number of seconds written in ``text`` (``1h47min43``, ``01:47:43``...)."""
    stripped = text.strip()
    clock = _CLOCK.fullmatch(stripped)
    if clock:
        digits = [group for group in clock.groups() if group is not None]
        components = list(zip(range(3 - len(digits), 3), digits, strict=True))
    else:
        components = _unit_components(text, stripped)
    return _total_seconds(text, components)


def _unit_components(text: str, stripped: str) -> list[tuple[int, str]]:
    """The ``(rank, digits)`` components of a timecode written with units."""
    components: list[tuple[int, str]] = []
    position = 0
    while position < len(stripped):
        found = _COMPONENT.match(stripped, position)
        if found is None:
            raise _timecode_error(text)
        digits, unit = found.groups()
        previous = components[-1][0] if components else None
        if unit is not None:
            rank = _UNIT_RANKS[unit.lower()]
            if previous is not None and rank <= previous:
                raise _timecode_error(text, "units must go from hours to seconds, once each")
        # A bare number continues with the next smaller unit, as in "1h05" or "1min22".
        elif previous is None or previous == _SECONDS or found.end() != len(stripped):
            raise _timecode_error(text)
        else:
            rank = previous + 1
        components.append((rank, digits))
        position = found.end()
    if not components:
        raise _timecode_error(text)
    return components


def _total_seconds(text: str, components: Sequence[tuple[int, str]]) -> int:
    total = 0
    for index, (rank, digits) in enumerate(components):
        if index == 0:
            if len(digits) > _MAX_LEADING_DIGITS:
                raise _timecode_error(text, "too large")
        elif len(digits) > 2 or int(digits) >= 60:
            raise _timecode_error(text, f"{_RANK_NAMES[rank]} must be below 60")
        total += int(digits) * 60 ** (2 - rank)
    return total


def _timecode_error(text: str, detail: str = "") -> ValueError:
    suffix = f" ({detail})" if detail else ""
    return ValueError(f"not a timecode: {text!r}{suffix}")


def format_timecode(seconds: int, *, style: str = FRENCH) -> str:
    """Write ``seconds`` as ``1h47min43`` / ``10min35`` (french) or ``01:47:43`` (clock)."""
    if seconds < 0:
        raise ValueError(f"negative duration: {seconds}")
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if style == FRENCH:
        if hours:
            return f"{hours}h{minutes:02d}min{secs:02d}"
        return f"{minutes}min{secs:02d}"
    if style == CLOCK:
        if hours:
            return f"{hours:02d}:{minutes:02d}:{secs:02d}"
        return f"{minutes:02d}:{secs:02d}"
    raise ValueError(f"unknown timecode style: {style!r}")


class UnparsedReason(StrEnum):
    """Why a pasted agenda line was not understood; the web layer words it for people."""

    NO_TIMECODE = "no_timecode"
    INVALID_TIMECODE = "invalid_timecode"
    MISSING_TITLE = "missing_title"


@dataclass(frozen=True)
class AgendaLine:
    """An agenda line that was understood: its 1-based number, cleaned title and start."""

    line_number: int
    title: str
    seconds: int


@dataclass(frozen=True)
class UnparsedLine:
    """A non-blank agenda line that was not understood, as pasted (stripped)."""

    line_number: int
    text: str
    reason: UnparsedReason


@dataclass(frozen=True)
class AgendaParse:
    """The outcome of reading a pasted agenda, in the order of the pasted lines."""

    lines: list[AgendaLine]
    unparsed: list[UnparsedLine]


# Loose on purpose: anything that looks like a timecode is then checked by parse_timecode, so
# that "1h75min" is reported as an invalid timecode rather than as a line without one. A unit
# or a colon is required, so that a title ending in a number ("Atelier 2") has no timecode.
# Bounded repetitions keep matching linear on long pasted lines.
_UNIT = r"(?:h|min|mn|m|sec|s)(?![^\W\d_])"
_NUMBER = r"[0-9]{1,9}"
_GAP = r"\s{0,3}"
_TIMECODE_LIKE = (
    rf"(?:{_NUMBER}(?::{_NUMBER}){{1,2}}|(?:{_NUMBER}{_GAP}{_UNIT}{_GAP}){{1,3}}(?:{_NUMBER})?)"
)
_START_WORDS = (
    r"(?:(?:d[ée]but|start(?:s|ing)?)(?:\s+(?:[àa]|at))?|[àa]\s+partir\s+de|d[èe]s|[àa]|at|from)"
)
_PARENTHESIS = re.compile(r"(?P<title>.*?) ?\((?P<inner>[^()]*)\)[ .,;]*")
_PARENTHESIS_INNER = re.compile(
    rf" ?(?:{_START_WORDS} ?:? ?)?(?P<timecode>{_TIMECODE_LIKE}) ?(?:[,;].*)?", re.IGNORECASE
)
_TRAILING = re.compile(rf"(?P<title>.*?)(?<!\w)(?P<timecode>{_TIMECODE_LIKE})", re.IGNORECASE)
_BULLETS = re.compile(
    r"^(?:[-–—•◦▪▫‣⁃∙·●○■□►▶>*+]+\s*|(?:[0-9]+(?:\.[0-9]+)*[.)]|[a-z]\))\s+)+", re.IGNORECASE
)
_TITLE_END = " -–—:,;(["


def parse_agenda(text: str) -> AgendaParse:
    """Read pasted agenda lines ending with a timecode, such as ``Ouverture (début à 1min22)``."""
    lines: list[AgendaLine] = []
    unparsed: list[UnparsedLine] = []
    for line_number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped:
            read = _read_line(stripped, line_number=line_number)
            if isinstance(read, AgendaLine):
                lines.append(read)
            else:
                unparsed.append(read)
    return AgendaParse(lines=lines, unparsed=unparsed)


def _read_line(stripped: str, *, line_number: int) -> AgendaLine | UnparsedLine:
    # Collapsing whitespace first also keeps the lazy title patterns linear on long lines.
    title, timecode = _split_line(_BULLETS.sub("", " ".join(stripped.split()), count=1))
    if timecode is None:
        reason = UnparsedReason.NO_TIMECODE
    elif not title:
        reason = UnparsedReason.MISSING_TITLE
    else:
        try:
            return AgendaLine(
                line_number=line_number, title=title, seconds=parse_timecode(timecode)
            )
        except ValueError:
            reason = UnparsedReason.INVALID_TIMECODE
    return UnparsedLine(line_number=line_number, text=stripped, reason=reason)


def _split_line(line: str) -> tuple[str, str | None]:
    """Split a line into its cleaned title and the text of its timecode, if any."""
    parenthesis = _PARENTHESIS.fullmatch(line)
    if parenthesis:
        inner = _PARENTHESIS_INNER.fullmatch(parenthesis["inner"])
        if inner:
            return _clean_title(parenthesis["title"]), inner["timecode"]
    trailing = _TRAILING.fullmatch(line)
    if trailing:
        return _clean_title(trailing["title"]), trailing["timecode"]
    return _clean_title(line), None


def _clean_title(title: str) -> str:
    return title.rstrip(_TITLE_END)


Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Match(Generic[Key]):
    """An agenda line and the key of the programme session it matches, if any."""

    line: AgendaLine
    session_key: Key | None


# Ignored when comparing words, so that "Retour sur la X" and "Point sur la Y" are not alike.
_STOP_WORDS = frozenset(
    {"a", "au", "aux", "avec", "d", "dans", "de", "des", "du", "en", "et", "l", "la", "le", "les"}
    | {"par", "pour", "sur", "un", "une"}
    | {"and", "at", "for", "in", "of", "on", "the", "to", "with"}
)


def _words(normalised: str) -> frozenset[str]:
    words = normalised.split()
    meaningful = frozenset(word for word in words if word not in _STOP_WORDS)
    return meaningful or frozenset(words)


def _similarity(left: frozenset[str], right: frozenset[str]) -> float:
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def match_sessions(
    lines: Sequence[AgendaLine],
    *,
    sessions: Sequence[tuple[Key, str]],
    threshold: float = 0.5,
) -> list[Match[Key]]:
    """Match agenda lines to ``(key, title)`` sessions, each session at most once.

    Identical normalised titles match first; then the remaining pairs whose word overlap
    (Jaccard index, ignoring common words) is at least ``threshold``, best score first.
    """
    line_titles = [normalise(line.title) for line in lines]
    session_titles = [normalise(title) for _key, title in sessions]
    chosen: dict[int, int] = {}
    used: set[int] = set()
    for line_index, line_title in enumerate(line_titles):
        for session_index, session_title in enumerate(session_titles):
            if session_index not in used and line_title and line_title == session_title:
                chosen[line_index] = session_index
                used.add(session_index)
                break
    line_words = [_words(title) for title in line_titles]
    session_words = [_words(title) for title in session_titles]
    candidates = sorted(
        (-score, line_index, session_index)
        for line_index in range(len(lines))
        if line_index not in chosen
        for session_index in range(len(sessions))
        if session_index not in used
        and (score := _similarity(line_words[line_index], session_words[session_index]))
        >= threshold
    )
    for _negated_score, line_index, session_index in candidates:
        if line_index not in chosen and session_index not in used:
            chosen[line_index] = session_index
            used.add(session_index)
    return [
        Match(line=line, session_key=sessions[chosen[index]][0] if index in chosen else None)
        for index, line in enumerate(lines)
    ]


def deep_link(*, provider: str, url: str, seconds: int) -> str | None:
    """Link to ``url`` playing from ``seconds``, or None for an unknown provider."""
    if seconds < 0:
        raise ValueError(f"negative start: {seconds}")
    parts = urlsplit(url)
    if provider == "bbb":
        # bbb-playback 2.3 only reads t=HhMmSs, t=MmSs or t=Ss, with minutes and seconds < 60.
        query = _with_parameter(parts.query, name="t", value=_hms(seconds))
        return urlunsplit(parts._replace(query=query))
    if provider == "peertube":
        query = _with_parameter(parts.query, name="start", value=_hms(seconds))
        return urlunsplit(parts._replace(query=query))
    if provider == "youtube":
        # Embedded players ignore t= and read start= instead.
        name = "start" if parts.path.startswith("/embed/") else "t"
        query = _with_parameter(parts.query, name=name, value=str(seconds))
        return urlunsplit(parts._replace(query=query))
    if provider == "video":
        # Media Fragments URI: the browser seeks the file itself, no player needed.
        fragment = _with_parameter(parts.fragment, name="t", value=str(seconds))
        return urlunsplit(parts._replace(fragment=fragment))
    return None


def _hms(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    if minutes:
        return f"{minutes}m{secs}s"
    return f"{secs}s"


def _with_parameter(pairs: str, *, name: str, value: str) -> str:
    """Set ``name`` in an ``&``-separated string, leaving the other pairs exactly as written."""
    kept = [pair for pair in pairs.split("&") if pair and unquote_plus(pair.split("=")[0]) != name]
    return "&".join([*kept, f"{name}={value}"])


def to_webvtt(chapters: Sequence[tuple[int, str]], *, duration: int | None = None) -> str:
    """A WebVTT chapters file for ``(start seconds, title)`` pairs.

    Each chapter ends where the next starts; the last at ``duration``, or one hour after it
    starts when the duration is unknown.
    """
    if not chapters:
        return "WEBVTT\n"
    ordered = sorted(chapters, key=lambda chapter: chapter[0])
    starts = [start for start, _title in ordered]
    if starts[0] < 0:
        raise ValueError(f"negative chapter start: {starts[0]}")
    if len(set(starts)) != len(starts):
        raise ValueError("two chapters start at the same time")
    if duration is not None and duration <= starts[-1]:
        raise ValueError(f"duration {duration} is not after the last chapter start")
    ends = [*starts[1:], starts[-1] + 3600 if duration is None else duration]
    cues = [
        f"{_vtt_time(start)} --> {_vtt_time(end)}\n{_cue_text(title)}"
        for (start, title), end in zip(ordered, ends, strict=True)
    ]
    return "\n\n".join(["WEBVTT", *cues]) + "\n"


def _vtt_time(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.000"


def _cue_text(title: str) -> str:
    # A newline would end the cue and "-->" would start a timing line; escaping ">" keeps the
    # title readable as "-->" in players while never forming the separator.
    return html.escape(" ".join(title.split()), quote=False)
