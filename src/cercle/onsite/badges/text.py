"""Text on badges: the vendored fonts, colour contrast, and fitting names into a width."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_REGULAR = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"
ELLIPSIS = "…"

HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
# Compound names may also break after their hyphens: "Marie-" / "Christine".
_PIECES = re.compile(r"[^-]*-+|[^-]+")
SIZE_STEP = 0.5


@dataclass(frozen=True)
class FittedText:
    """Lines of text and the font size at which every one of them fits the requested width."""

    lines: tuple[str, ...]
    size: float


@dataclass(frozen=True)
class _Breakable:
    """Text cut where lines may break: pieces, whether a space precedes each, their widths."""

    pieces: tuple[str, ...]
    spaced: tuple[bool, ...]
    units: tuple[float, ...]
    gaps: tuple[float, ...]

    def join(self, start: int, end: int) -> str:
        return "".join(
            f" {self.pieces[index]}" if self.spaced[index] and index > start else self.pieces[index]
            for index in range(start, end)
        )


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a "#RRGGBB" or "#RGB" colour, from 0 (black) to 1 (white)."""
    red, green, blue = (
        channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
        for channel in rgb(colour)
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@lru_cache(maxsize=256)
def band_text_colour(colour: str) -> str:
    """Black or white, whichever contrasts more with the band: always at least 4.58:1."""
    luminance = relative_luminance(colour)
    on_white = 1.05 / (luminance + 0.05)
    on_black = (luminance + 0.05) / 0.05
    return "#FFFFFF" if on_white >= on_black else "#000000"


def fit_text(
    text: str,
    *,
    font: str,
    max_size: float,
    min_size: float,
    max_width: float,
    max_lines: int = 1,
    wrap_below: float | None = None,
) -> FittedText:
    """Fit `text` into `max_width`: shrink down to `min_size`, then wrap, then truncate.

    With `wrap_below`, text wraps rather than shrinking on one line under that size: a name on
    two lines at 18 pt reads better than on one line at 10 pt.
    """
    if min_size > max_size:
        raise ValueError(f"min_size {min_size} is larger than max_size {max_size}.")
    register_fonts()
    face = pdfmetrics.getFont(font)
    words = _breakable(face, text, at_hyphens=False)
    if not words.pieces:
        return FittedText(lines=(), size=max_size)
    sizes = _sizes(max_size=max_size, min_size=min_size)
    single_line_floor = min_size
    if max_lines > 1 and wrap_below is not None:
        single_line_floor = min(max(wrap_below, min_size), max_size)
    total = sum(words.units) + sum(words.gaps)
    for size in sizes:
        if size < single_line_floor:
            break
        if 0.001 * size * total <= max_width:
            return FittedText(lines=(words.join(0, len(words.pieces)),), size=size)
    # Breaking between words reads best; after a hyphen is the fallback at the same size.
    options = [words]
    if any("-" in word for word in words.pieces):
        options.append(_breakable(face, text, at_hyphens=True))
    if max_lines > 1:
        for size in sizes:
            for option in options:
                breaks = _balanced_breaks(
                    units=option.units,
                    gaps=option.gaps,
                    scale=0.001 * size,
                    limit=max_width,
                    line_count=max_lines,
                )
                if breaks is not None:
                    lines = tuple(option.join(start, end) for start, end in breaks)
                    return FittedText(lines=lines, size=size)
    return FittedText(
        lines=_forced_lines(
            face, options[-1], size=min_size, max_width=max_width, max_lines=max_lines
        ),
        size=min_size,
    )


@cache
def register_fonts() -> None:
    """Register the vendored DejaVu fonts with ReportLab, once per process."""
    pdfmetrics.registerFont(TTFont(FONT_REGULAR, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))


@lru_cache(maxsize=64)
def _sizes(*, max_size: float, min_size: float) -> tuple[float, ...]:
    steps = int((max_size - min_size) / SIZE_STEP + 1e-9)
    return tuple(max_size - step * SIZE_STEP for step in range(steps + 1))


def _breakable(face: TTFont, text: str, *, at_hyphens: bool) -> _Breakable:
    pieces: list[str] = []
    spaced: list[bool] = []
    for word in text.split():
        for index, piece in enumerate(_PIECES.findall(word) if at_hyphens else [word]):
            spaced.append(index == 0 and bool(pieces))
            pieces.append(piece)
    # At size 1000 stringWidth is the exact sum of the glyph widths, so 0.001 * size * units
    # is bit for bit the width ReportLab computes for any line joined from these pieces.
    space = face.stringWidth(" ", 1000)
    return _Breakable(
        pieces=tuple(pieces),
        spaced=tuple(spaced),
        units=tuple(face.stringWidth(piece, 1000) for piece in pieces),
        gaps=tuple(space if is_spaced else 0.0 for is_spaced in spaced),
    )


def _greedy_breaks(
    *, units: Sequence[float], gaps: Sequence[float], scale: float, limit: float
) -> list[tuple[int, int]] | None:
    """Piece ranges filling each line in turn, or None when one piece alone is too wide."""
    breaks = []
    start, used = 0, 0.0
    for index, width in enumerate(units):
        if scale * width > limit:
            return None
        if index == start:
            used = width
        elif scale * (used + gaps[index] + width) > limit:
            breaks.append((start, index))
            start, used = index, width
        else:
            used += gaps[index] + width
    breaks.append((start, len(units)))
    return breaks


def _balanced_breaks(
    *, units: Sequence[float], gaps: Sequence[float], scale: float, limit: float, line_count: int
) -> list[tuple[int, int]] | None:
    """The narrowest wrap into as few lines as `limit` allows, if at most `line_count`."""
    breaks = _greedy_breaks(units=units, gaps=gaps, scale=scale, limit=limit)
    if breaks is None or len(breaks) > line_count:
        return None
    target = len(breaks)
    # Bisect on the line width: the narrowest that still needs no more lines balances them.
    low, high = scale * max(units), limit
    for _step in range(16):
        middle = (low + high) / 2
        candidate = _greedy_breaks(units=units, gaps=gaps, scale=scale, limit=middle)
        if candidate is not None and len(candidate) <= target:
            high, breaks = middle, candidate
        else:
            low = middle
    return breaks


def _forced_lines(
    face: TTFont, text: _Breakable, *, size: float, max_width: float, max_lines: int
) -> tuple[str, ...]:
    """Last resort at the minimum size: split over-wide pieces, then cut with an ellipsis."""
    lines: list[str] = []
    for piece, is_spaced in zip(text.pieces, text.spaced, strict=True):
        for index, chunk in enumerate(_split_piece(face, piece, size=size, max_width=max_width)):
            glue = " " if is_spaced and index == 0 else ""
            candidate = f"{lines[-1]}{glue}{chunk}" if lines else chunk
            if lines and face.stringWidth(candidate, size) <= max_width:
                lines[-1] = candidate
            else:
                lines.append(chunk)
    if len(lines) <= max_lines:
        return tuple(lines)
    last = lines[max_lines - 1]
    while last and face.stringWidth(last + ELLIPSIS, size) > max_width:
        last = last[:-1]
    return (*lines[: max_lines - 1], last.rstrip() + ELLIPSIS)


def _split_piece(face: TTFont, piece: str, *, size: float, max_width: float) -> list[str]:
    chunks = []
    current = ""
    for character in piece:
        if current and face.stringWidth(current + character, size) > max_width:
            chunks.append(current)
            current = character
        else:
            current += character
    chunks.append(current)
    return chunks


@lru_cache(maxsize=256)
def rgb(colour: str) -> tuple[float, float, float]:
    if not HEX_COLOUR.fullmatch(colour):
        raise ValueError(f"Colour must be #RGB or #RRGGBB, got {colour!r}.")
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    red, green, blue = (int(digits[index : index + 2], 16) / 255 for index in (0, 2, 4))
    return red, green, blue
