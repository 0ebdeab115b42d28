"""Printable PDF badges for club meetings.

Pure Python, no models: callers pass `Badge` values in and get PDF bytes back. Each badge shows
the name large, the organisation, a coloured band whose label is also written as text, and a QR
code carrying the attendee's check-in token.
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import zxingcpp
from django.utils.translation import gettext_lazy as _
from PIL import Image
from reportlab.lib.pagesizes import A4, A6, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas
from reportlab.pdfgen.textobject import PDFTextObject

from cercle.onsite.badges.text import (
    FONT_BOLD,
    FONT_REGULAR,
    HEX_COLOUR,
    SIZE_STEP,
    FittedText,
    band_text_colour,
    fit_text,
    register_fonts,
    rgb,
)

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
        if not HEX_COLOUR.fullmatch(self.colour):
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
class _Label:
    """A band label fitted once per render: text, size and offset from the band's left edge."""

    text: str
    size: float
    dx: float


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
    pdf.setFillColorRGB(*rgb(badge.colour))
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
        text.setFillColorRGB(*rgb(band_text_colour(badge.colour)))
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
    name_max = round(0.13 * height / SIZE_STEP) * SIZE_STEP
    name_block = _NAME_LINES * _LEADING * name_max
    # The QR code fills the corner between the name block and the band.
    qr_side = height - (band_inset + band_height) - padding - name_block - 1 * mm
    origins = _origins(layout)
    return _Design(
        padding=padding,
        name_max=name_max,
        name_min=round(0.06 * height / SIZE_STEP) * SIZE_STEP,
        name_wrap_below=round(0.7 * name_max / SIZE_STEP) * SIZE_STEP,
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
