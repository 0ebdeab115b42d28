"""Printable PDF badges for club meetings.

Pure Python, no models: callers pass `Badge` values in and get PDF bytes back. Each badge shows
the name large, the organisation, a coloured band whose label is also written as text, and a QR
code carrying the attendee's check-in token.
"""

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import zxingcpp
from django.utils.translation import gettext_lazy as _
from PIL import Image
from reportlab.lib.pagesizes import A4, A6, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.pdfgen.textobject import PDFTextObject

FONT_REGULAR = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONTS_DIR = Path(__file__).resolve().parent / "fonts"
ELLIPSIS = "…"

_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
# Compound names may also break after their hyphens: "Marie-" / "Christine".
_PIECES = re.compile(r"[^-]*-+|[^-]+")
_SIZE_STEP = 0.5
_LEADING = 1.2
_NAME_LINES = 2
_ORGANISATION_LINES = 2
_CUT_MARK_GREY = 0.7
_CUT_MARK_WIDTH = 0.3
_CUT_MARKS_FORM = "cercle-cut-marks"
_QR_FORMAT = zxingcpp.BarcodeFormat.QRCode
_QR_MASK = 0


@dataclass(frozen=True)
class Badge:
    """One attendee's badge; `colour` is the band's "#RRGGBB" or "#RGB" colour."""

    name: str
    organisation: str
    qr_payload: str
    label: str
    colour: str

    def __post_init__(self) -> None:
        if not _HEX_COLOUR.fullmatch(self.colour):
            raise ValueError(f"Badge colour must be #RGB or #RRGGBB, got {self.colour!r}.")
        if not self.qr_payload:
            raise ValueError("Badge QR payload must not be empty.")


@dataclass(frozen=True)
class Layout:
    """A grid of `columns` × `rows` badges centred on the page; lengths in points."""

    code: str
    # A lazy translation: comparing or hashing it would need Django's settings.
    label: str = field(compare=False)
    page_width: float
    page_height: float
    badge_width: float
    badge_height: float
    columns: int
    rows: int
    gap_x: float = 0.0
    gap_y: float = 0.0

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


@dataclass(frozen=True)
class FittedText:
    """Lines of text and the font size at which every one of them fits the requested width."""

    lines: tuple[str, ...]
    size: float


LAYOUTS = {
    layout.code: layout
    for layout in (
        Layout(
            code="a4-8-90x60",
            label=_("A4 sheet, 8 badges of 90 × 60 mm (2 × 4)"),
            page_width=A4[0],
            page_height=A4[1],
            badge_width=90 * mm,
            badge_height=60 * mm,
            columns=2,
            rows=4,
            gap_x=10 * mm,
            gap_y=6 * mm,
        ),
        Layout(
            code="a4-10-86x54",
            label=_("A4 sheet, 10 credit-card badges of 86 × 54 mm (2 × 5)"),
            page_width=A4[0],
            page_height=A4[1],
            badge_width=86 * mm,
            badge_height=54 * mm,
            columns=2,
            rows=5,
            gap_x=10 * mm,
            gap_y=4 * mm,
        ),
        Layout(
            code="single",
            label=_("One 90 × 60 mm badge per A6 page"),
            page_width=landscape(A6)[0],
            page_height=landscape(A6)[1],
            badge_width=90 * mm,
            badge_height=60 * mm,
            columns=1,
            rows=1,
        ),
    )
}


@dataclass(frozen=True)
class _Design:
    """Per-layout constants, in points from a badge's bottom-left corner unless noted."""

    padding: float
    name_max: float
    name_min: float
    name_wrap_below: float
    name_width: float
    name_top: float
    org_max: float
    org_min: float
    org_wrap_below: float
    org_width: float
    band_x: float
    band_y: float
    band_width: float
    band_height: float
    label_max: float
    label_min: float
    label_width: float
    qr_x: float
    qr_y: float
    qr_side: float
    # Page coordinates, one entry per slot in reading order.
    origins: tuple[tuple[float, float], ...]
    cut_marks: tuple[tuple[tuple[float, float, float, float], ...], ...]


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


@dataclass(frozen=True)
class _Label:
    """A band label fitted once per render: text, size and offset from the band's left edge."""

    text: str
    size: float
    dx: float


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a "#RRGGBB" or "#RGB" colour, from 0 (black) to 1 (white)."""
    red, green, blue = (
        channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
        for channel in _rgb(colour)
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


def render_badges(badges: Iterable[Badge], *, layout: str) -> bytes:
    """Render the badges as a PDF, in order, filling each page row by row."""
    if layout not in LAYOUTS:
        raise ValueError(f"Unknown badge layout {layout!r}; choose one of {sorted(LAYOUTS)}.")
    page = LAYOUTS[layout]
    design = _design(layout)
    register_fonts()
    buffer = io.BytesIO()
    # Uncompressed page streams: ReportLab would also ASCII85-encode them in pure Python, which
    # costs more time than the halved file size is worth.
    pdf = canvas.Canvas(
        buffer,
        pagesize=(page.page_width, page.page_height),
        pageCompression=0,
        initialFontName=FONT_REGULAR,
        lang="fr",
    )
    pdf.setTitle("Badges")
    pdf.setCreator("Cercle")
    _define_cut_marks(pdf, design)
    # Many attendees share an organisation or a label: fit each of those once.
    organisations: dict[str, FittedText] = {}
    labels: dict[str, _Label] = {}
    slot = 0
    for badge in badges:
        if slot == page.per_page:
            _finish_page(pdf, design=design, used=slot)
            slot = 0
        organisation = organisations.get(badge.organisation)
        if organisation is None:
            organisation = organisations[badge.organisation] = _fit_organisation(
                badge.organisation, design=design
            )
        label = labels.get(badge.label)
        if label is None:
            label = labels[badge.label] = _fit_label(badge.label, design=design)
        x, y = design.origins[slot]
        _draw_badge(
            pdf, badge=badge, organisation=organisation, label=label, design=design, x=x, y=y
        )
        slot += 1
    if not slot:
        raise ValueError("There are no badges to render.")
    _finish_page(pdf, design=design, used=slot)
    pdf.save()
    return buffer.getvalue()


@cache
def register_fonts() -> None:
    """Register the vendored DejaVu fonts with ReportLab, once per process."""
    pdfmetrics.registerFont(TTFont(FONT_REGULAR, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))


def qr_image(payload: str) -> Image.Image:
    """The QR code (level M) as a 1-bit image, one pixel per module, with a 4-module quiet zone."""
    # Scoring the eight masks takes four fifths of the encoding time; decoders read any mask,
    # and with a fixed one these tokens still decode when printed at 100 dpi.
    bitmap = zxingcpp.create_barcode(
        payload, _QR_FORMAT, ec_level="M", data_mask=_QR_MASK
    ).to_image()
    height, width = bitmap.shape
    return Image.frombuffer("L", (width, height), bitmap, "raw", "L", 0, 1).convert("1")


def _fit_label(text: str, *, design: _Design) -> _Label:
    fitted = fit_text(
        text,
        font=FONT_BOLD,
        max_size=design.label_max,
        min_size=design.label_min,
        max_width=design.label_width,
    )
    if not fitted.lines:
        return _Label(text="", size=fitted.size, dx=0.0)
    width = pdfmetrics.stringWidth(fitted.lines[0], FONT_BOLD, fitted.size)
    return _Label(text=fitted.lines[0], size=fitted.size, dx=(design.band_width - width) / 2)


def _fit_organisation(text: str, *, design: _Design) -> FittedText:
    return fit_text(
        text,
        font=FONT_REGULAR,
        max_size=design.org_max,
        min_size=design.org_min,
        max_width=design.org_width,
        max_lines=_ORGANISATION_LINES,
        wrap_below=design.org_wrap_below,
    )


def _draw_badge(
    pdf: canvas.Canvas,
    *,
    badge: Badge,
    organisation: FittedText,
    label: _Label,
    design: _Design,
    x: float,
    y: float,
) -> None:
    name = fit_text(
        badge.name,
        font=FONT_BOLD,
        max_size=design.name_max,
        min_size=design.name_min,
        max_width=design.name_width,
        max_lines=_NAME_LINES,
        wrap_below=design.name_wrap_below,
    )
    pdf.setFillColorRGB(*_rgb(badge.colour))
    pdf.rect(x + design.band_x, y + design.band_y, design.band_width, design.band_height, 0, 1)

    # One text object per badge: far fewer operators than one per line.
    text = pdf.beginText()
    text.setFillColorRGB(0, 0, 0)
    left = x + design.padding
    below_name = _add_lines(text, fitted=name, font=FONT_BOLD, x=left, top=y + design.name_top)
    _add_lines(
        text, fitted=organisation, font=FONT_REGULAR, x=left, top=below_name - design.padding / 2
    )
    if label.text:
        text.setFillColorRGB(*_rgb(band_text_colour(badge.colour)))
        text.setFont(FONT_BOLD, label.size)
        # Centred on the x-height, so capitals and accents stay inside the band.
        text.setTextOrigin(
            x + design.band_x + label.dx,
            y + design.band_y + design.band_height / 2 - 0.36 * label.size,
        )
        text.textOut(label.text)
    pdf.drawText(text)

    # ReportLab writes this inline 1-bit image without an /I (Interpolate) key: the default,
    # false, keeps the modules sharp when scaled up.
    pdf.drawInlineImage(
        qr_image(badge.qr_payload), x + design.qr_x, y + design.qr_y, design.qr_side, design.qr_side
    )


def _add_lines(
    text: PDFTextObject, *, fitted: FittedText, font: str, x: float, top: float
) -> float:
    """Add lines from `top` downwards and return the y just below the last one."""
    if not fitted.lines:
        return top
    leading = _LEADING * fitted.size
    text.setFont(font, fitted.size, leading)
    text.setTextOrigin(x, top - _ascent(font) * fitted.size)
    text.textLines(fitted.lines)
    return top - leading * len(fitted.lines)


def _finish_page(pdf: canvas.Canvas, *, design: _Design, used: int) -> None:
    if used == len(design.origins):
        pdf.doForm(_CUT_MARKS_FORM)
    else:
        # A last, partly filled page gets marks around its badges only.
        pdf.setStrokeGray(_CUT_MARK_GREY)
        pdf.setLineWidth(_CUT_MARK_WIDTH)
        pdf.lines([segment for marks in design.cut_marks[:used] for segment in marks])
    pdf.showPage()


def _define_cut_marks(pdf: canvas.Canvas, design: _Design) -> None:
    # A form drawn once per document: full pages then reference it instead of repeating it.
    pdf.beginForm(_CUT_MARKS_FORM)
    pdf.setStrokeGray(_CUT_MARK_GREY)
    pdf.setLineWidth(_CUT_MARK_WIDTH)
    pdf.lines([segment for marks in design.cut_marks for segment in marks])
    pdf.endForm()


@cache
def _ascent(font: str) -> float:
    register_fonts()
    return pdfmetrics.getFont(font).face.ascent / 1000


@cache
def _design(code: str) -> _Design:
    layout = LAYOUTS[code]
    width, height = layout.badge_width, layout.badge_height
    padding = 3 * mm
    band_inset = 2 * mm
    band_height = 0.17 * height
    name_max = round(0.13 * height / _SIZE_STEP) * _SIZE_STEP
    name_block = _NAME_LINES * _LEADING * name_max
    # The QR code fills the corner between the name block and the band.
    qr_side = height - (band_inset + band_height) - padding - name_block - 1 * mm
    origins = _origins(layout)
    return _Design(
        padding=padding,
        name_max=name_max,
        name_min=round(0.06 * height / _SIZE_STEP) * _SIZE_STEP,
        name_wrap_below=round(0.7 * name_max / _SIZE_STEP) * _SIZE_STEP,
        name_width=width - 2 * padding,
        name_top=height - padding,
        org_max=11.0,
        org_min=7.0,
        org_wrap_below=9.0,
        # The QR image brings its own white quiet zone, so text may come right up to it.
        org_width=width - 2 * padding - qr_side,
        band_x=band_inset,
        band_y=band_inset,
        band_width=width - 2 * band_inset,
        band_height=band_height,
        label_max=12.0,
        label_min=7.0,
        label_width=width - 2 * band_inset - 2 * padding,
        qr_x=width - 1 * mm - qr_side,
        qr_y=band_inset + band_height,
        qr_side=qr_side,
        origins=origins,
        cut_marks=tuple(_cut_marks(layout, x=x, y=y) for x, y in origins),
    )


def _origins(layout: Layout) -> tuple[tuple[float, float], ...]:
    grid_width = layout.columns * layout.badge_width + (layout.columns - 1) * layout.gap_x
    grid_height = layout.rows * layout.badge_height + (layout.rows - 1) * layout.gap_y
    left = (layout.page_width - grid_width) / 2
    top = (layout.page_height + grid_height) / 2
    return tuple(
        (
            left + column * (layout.badge_width + layout.gap_x),
            top - (row + 1) * layout.badge_height - row * layout.gap_y,
        )
        for row in range(layout.rows)
        for column in range(layout.columns)
    )


def _cut_marks(
    layout: Layout, *, x: float, y: float
) -> tuple[tuple[float, float, float, float], ...]:
    """Segments prolonging the badge's edges beyond each corner, never inside any badge."""
    offset = 0.5 * mm
    # Marks of facing badges must not meet in the gutter between them.
    length = min([3 * mm, *(gap / 2 - offset for gap in (layout.gap_x, layout.gap_y) if gap)])
    right, top = x + layout.badge_width, y + layout.badge_height
    segments = []
    for corner_x, corner_y, out_x, out_y in (
        (x, y, -1, -1),
        (right, y, 1, -1),
        (x, top, -1, 1),
        (right, top, 1, 1),
    ):
        near_x, far_x = corner_x + out_x * offset, corner_x + out_x * (offset + length)
        near_y, far_y = corner_y + out_y * offset, corner_y + out_y * (offset + length)
        segments.append((near_x, corner_y, far_x, corner_y))
        segments.append((corner_x, near_y, corner_x, far_y))
    return tuple(segments)


@lru_cache(maxsize=64)
def _sizes(*, max_size: float, min_size: float) -> tuple[float, ...]:
    steps = int((max_size - min_size) / _SIZE_STEP + 1e-9)
    return tuple(max_size - step * _SIZE_STEP for step in range(steps + 1))


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
def _rgb(colour: str) -> tuple[float, float, float]:
    if not _HEX_COLOUR.fullmatch(colour):
        raise ValueError(f"Colour must be #RGB or #RRGGBB, got {colour!r}.")
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    red, green, blue = (int(digits[index : index + 2], 16) / 255 for index in (0, 2, 4))
    return red, green, blue
