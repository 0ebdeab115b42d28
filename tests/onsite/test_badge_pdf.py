import io
import itertools

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from cercle.onsite.badges import (
    ELLIPSIS,
    FONT_BOLD,
    FONT_REGULAR,
    FONTS_DIR,
    LAYOUTS,
    Badge,
    FittedText,
    band_text_colour,
    contrast_ratio,
    fit_text,
    qr_image,
    register_fonts,
    relative_luminance,
    render_badges,
)

PAYLOAD = "eyJhIjoxMjM0NX0.Zk3x9Q.5pQm0c8YtLh2fV7dWbR-_aN1oK4sE6uJ"
SIXTY = [
    "Marie-Christine de La Rochefoucauld-Montbel d'Aigremont-Roux",
    "Jean-Baptiste-Emmanuel-Zacharie-Maximilien-Hippolyte-Lemaire",
    "Anne Élisabeth Françoise Hortense Bénédicte Ægidius Ødegaard",
    "Wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww",
]
SHORT_NAMES = ["Hélène Léveillé", "Jérôme Bénard", "Françoise Œttinger", "Loïc N'Diaye"]
ORGANISATIONS = [
    "Communauté d'agglomération du Pays de Saint-Omer",
    "Mairie de Saint-Étienne",
    "Conseil départemental des Côtes-d'Armor",
    "Éditions Logiciel Libre & Territoires",
]
LABELS = [
    ("Nouveaux utilisateurs", "#1F5FAD"),
    ("Experts", "#F2C230"),
    ("Équipe éditeur", "#2E7D32"),
    ("Collectivité hôte", "#FFFFFF"),
]


def _badge(index: int, **overrides: str) -> Badge:
    label, colour = LABELS[index % len(LABELS)]
    fields = {
        "name": SHORT_NAMES[index % len(SHORT_NAMES)],
        "organisation": ORGANISATIONS[index % len(ORGANISATIONS)],
        # 55 characters, unique per badge, URL-safe like a signed token.
        "qr_payload": f"{index:04d}{PAYLOAD[4:]}",
        "label": label,
        "colour": colour,
    }
    return Badge(**{**fields, **overrides})


def _badges(count: int, **overrides: str) -> list[Badge]:
    return [_badge(index, **overrides) for index in range(count)]


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def _normalised_text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _decoded_qr_codes(reader: PdfReader) -> list[str]:
    decoded = []
    for page in reader.pages:
        for image in page.images:
            module_image = image.image.convert("L")
            scaled = module_image.resize(
                (module_image.width * 8, module_image.height * 8), Image.Resampling.NEAREST
            )
            decoded.extend(barcode.text for barcode in zxingcpp.read_barcodes(scaled))
    return decoded


def _badge_rectangles(code: str) -> list[tuple[float, float, float, float]]:
    layout = LAYOUTS[code]
    grid_width = layout.columns * layout.badge_width + (layout.columns - 1) * layout.gap_x
    grid_height = layout.rows * layout.badge_height + (layout.rows - 1) * layout.gap_y
    left = (layout.page_width - grid_width) / 2
    bottom = (layout.page_height - grid_height) / 2
    return [
        (
            left + column * (layout.badge_width + layout.gap_x),
            bottom + row * (layout.badge_height + layout.gap_y),
            left + column * (layout.badge_width + layout.gap_x) + layout.badge_width,
            bottom + row * (layout.badge_height + layout.gap_y) + layout.badge_height,
        )
        for row in range(layout.rows)
        for column in range(layout.columns)
    ]


def _text_boxes(reader: PdfReader) -> list[tuple[str, float, float, float, float]]:
    """Every drawn text run with its bounding box, measured as ReportLab measures it."""
    register_fonts()
    boxes = []

    def visit(text: str, cm: list, tm: list, font: dict | None, size: float) -> None:
        text = text.strip("\n")
        if not text or font is None:
            return
        name = FONT_BOLD if str(font["/BaseFont"]).endswith(FONT_BOLD) else FONT_REGULAR
        x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
        width = stringWidth(text, name, size)
        # DejaVu's ascent and descent are below 0.93 and 0.24 em.
        boxes.append((text, x, y - 0.24 * size, x + width, y + 0.93 * size))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return boxes


def _qr_rectangles(reader: PdfReader) -> list[tuple[float, float, float, float]]:
    """Where each inline image lands: ReportLab sets its placement with `cm` just before it."""
    rectangles = []
    for page in reader.pages:
        placement = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"cm":
                placement = [float(value) for value in operands]
            elif operator == b"INLINE IMAGE":
                width, _, _, height, x, y = placement
                rectangles.append((x, y, x + width, y + height))
    return rectangles


# Reading the PDF back


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_render_badges_text_has_every_name_and_organisation(layout: str) -> None:
    badges = _badges(4)

    text = _normalised_text(_reader(render_badges(badges, layout=layout)))

    for badge in badges:
        assert badge.name in text
        assert badge.organisation in text
        assert badge.label in text


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_render_badges_qr_codes_decode_to_payloads(layout: str) -> None:
    badges = _badges(LAYOUTS[layout].per_page + 1)

    decoded = _decoded_qr_codes(_reader(render_badges(badges, layout=layout)))

    assert decoded == [badge.qr_payload for badge in badges]


def test_render_badges_qr_codes_decode_at_their_printed_size_at_150_dpi() -> None:
    badges = _badges(LAYOUTS["a4-10-86x54"].per_page)

    reader = _reader(render_badges(badges, layout="a4-10-86x54"))

    # The smallest layout's QR codes, resampled the way a 150 dpi printer would place them.
    images = [image.image for page in reader.pages for image in page.images]
    sides = [round((x1 - x0) / 72 * 150) for x0, _, x1, _ in _qr_rectangles(reader)]
    printed = [
        image.convert("L").resize((side, side), Image.Resampling.NEAREST)
        for image, side in zip(images, sides, strict=True)
    ]
    decoded = [barcode.text for image in printed for barcode in zxingcpp.read_barcodes(image)]
    assert decoded == [badge.qr_payload for badge in badges]


def test_render_badges_qr_codes_are_one_bit_and_not_interpolated() -> None:
    pdf = render_badges(_badges(2), layout="a4-10-86x54")

    images = [image for page in _reader(pdf).pages for image in page.images]

    assert len(images) == 2
    for image in images:
        assert image.image.mode == "1"
        assert image.image.size == (41, 41)
    assert b"/I true" not in pdf
    assert b"/Interpolate true" not in pdf


@pytest.mark.parametrize(
    ("layout", "count", "pages"),
    [("a4-8-90x60", 17, 3), ("a4-10-86x54", 17, 2), ("single", 17, 17), ("a4-8-90x60", 8, 1)],
)
def test_render_badges_page_count_follows_layout(layout: str, count: int, pages: int) -> None:
    badges = _badges(count)

    reader = _reader(render_badges(badges, layout=layout))

    assert len(reader.pages) == pages


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_render_badges_long_texts_stay_inside_their_badges(layout: str) -> None:
    badges = [
        _badge(index, name=name, organisation=f"Syndicat intercommunal {name}")
        for index, name in enumerate(SIXTY)
    ]
    rectangles = _badge_rectangles(layout)

    boxes = _text_boxes(_reader(render_badges(badges, layout=layout)))

    assert boxes
    for text, left, bottom, right, top in boxes:
        assert any(
            left >= x0 and bottom >= y0 and right <= x1 and top <= y1
            for x0, y0, x1, y1 in rectangles
        ), text


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_render_badges_text_never_covers_a_qr_code(layout: str) -> None:
    badges = [
        _badge(index, name=name, organisation=f"Syndicat intercommunal {name}")
        for index, name in enumerate(SIXTY)
    ]

    reader = _reader(render_badges(badges, layout=layout))

    qr_codes = _qr_rectangles(reader)
    assert len(qr_codes) == len(badges)
    for text, left, bottom, right, top in _text_boxes(reader):
        for x0, y0, x1, y1 in qr_codes:
            assert right <= x0 or left >= x1 or top <= y0 or bottom >= y1, text


def test_render_badges_embeds_the_dejavu_fonts() -> None:
    pdf = render_badges(_badges(1), layout="single")

    fonts = _reader(pdf).pages[0]["/Resources"]["/Font"]

    names = sorted(str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values())
    assert names == sorted([FONT_BOLD, FONT_REGULAR])
    for font in fonts.values():
        assert "/FontFile2" in font.get_object()["/FontDescriptor"]


def test_render_badges_dark_band_label_is_written_in_white() -> None:
    pdf = render_badges([_badge(0, label="Experts", colour="#000000")], layout="single")

    content = _reader(pdf).pages[0].get_contents().get_data()

    assert b"1 1 1 rg" in content


def test_render_badges_lazy_iterable_is_accepted() -> None:
    badges = (badge for badge in _badges(3))

    reader = _reader(render_badges(badges, layout="single"))

    assert len(reader.pages) == 3


def test_render_badges_unknown_layout_raises() -> None:
    with pytest.raises(ValueError, match="Unknown badge layout"):
        render_badges(_badges(1), layout="a3-99")


def test_render_badges_no_badges_raises() -> None:
    with pytest.raises(ValueError, match="no badges"):
        render_badges([], layout="single")


# Fitting text


@pytest.mark.parametrize("name", SIXTY)
def test_fit_text_sixty_character_name_fits_the_width(name: str) -> None:
    # The name's room on an 86 mm wide badge with 3 mm padding.
    max_width = 80 * mm

    fitted = fit_text(
        name, font=FONT_BOLD, max_size=20, min_size=9, max_width=max_width, max_lines=2
    )

    assert len(name) == 60
    assert 1 <= len(fitted.lines) <= 2
    assert 9 <= fitted.size <= 20
    for line in fitted.lines:
        assert stringWidth(line, FONT_BOLD, fitted.size) <= max_width


def test_fit_text_short_text_keeps_the_largest_size() -> None:
    fitted = fit_text("Hélène Léveillé", font=FONT_BOLD, max_size=20, min_size=9, max_width=200)

    assert fitted == FittedText(lines=("Hélène Léveillé",), size=20)


def test_fit_text_shrinks_before_wrapping() -> None:
    text = "Communauté d'agglomération"
    width_at_12 = stringWidth(text, FONT_REGULAR, 12)

    fitted = fit_text(
        text, font=FONT_REGULAR, max_size=16, min_size=8, max_width=width_at_12, max_lines=2
    )

    assert fitted == FittedText(lines=(text,), size=12)


def test_fit_text_wraps_when_the_smallest_size_is_too_wide() -> None:
    text = "Communauté d'agglomération du Pays de Saint-Omer"
    max_width = stringWidth(text, FONT_REGULAR, 8) * 0.6

    fitted = fit_text(
        text, font=FONT_REGULAR, max_size=11, min_size=8, max_width=max_width, max_lines=2
    )

    assert len(fitted.lines) == 2
    assert " ".join(fitted.lines) == text
    for line in fitted.lines:
        assert stringWidth(line, FONT_REGULAR, fitted.size) <= max_width


def test_fit_text_breaks_compound_names_after_a_hyphen() -> None:
    text = "Jean-Baptiste-Emmanuel-Zacharie"
    max_width = stringWidth("Jean-Baptiste-", FONT_BOLD, 10) + 1

    fitted = fit_text(
        text, font=FONT_BOLD, max_size=10, min_size=10, max_width=max_width, max_lines=4
    )

    assert fitted.lines == ("Jean-Baptiste-", "Emmanuel-", "Zacharie")


def test_fit_text_prefers_breaking_between_words_to_after_hyphens() -> None:
    text = "Mairie de Saint-Étienne-de-Saint-Geoirs"
    max_width = stringWidth("Saint-Étienne-de-Saint-Geoirs", FONT_REGULAR, 10) + 1

    fitted = fit_text(
        text, font=FONT_REGULAR, max_size=10, min_size=10, max_width=max_width, max_lines=2
    )

    assert fitted.lines == ("Mairie de", "Saint-Étienne-de-Saint-Geoirs")


def test_fit_text_wrap_below_wraps_rather_than_shrinking_further() -> None:
    text = "François-Xavier de Montbrison"
    max_width = stringWidth(text, FONT_BOLD, 12)

    shrunk = fit_text(
        text, font=FONT_BOLD, max_size=20, min_size=9, max_width=max_width, max_lines=2
    )
    wrapped = fit_text(
        text,
        font=FONT_BOLD,
        max_size=20,
        min_size=9,
        max_width=max_width,
        max_lines=2,
        wrap_below=14,
    )

    assert shrunk == FittedText(lines=(text,), size=12)
    assert len(wrapped.lines) == 2
    assert wrapped.size > 14
    for line in wrapped.lines:
        assert stringWidth(line, FONT_BOLD, wrapped.size) <= max_width


def test_fit_text_min_size_above_max_size_raises() -> None:
    with pytest.raises(ValueError, match="min_size"):
        fit_text("Zoé", font=FONT_REGULAR, max_size=8, min_size=10, max_width=100)


def test_fit_text_too_long_text_is_cut_with_an_ellipsis() -> None:
    text = " ".join(["Intercommunalité"] * 12)
    max_width = 60 * mm

    fitted = fit_text(
        text, font=FONT_REGULAR, max_size=11, min_size=7, max_width=max_width, max_lines=2
    )

    assert fitted.size == 7
    assert len(fitted.lines) == 2
    assert fitted.lines[-1].endswith(ELLIPSIS)
    for line in fitted.lines:
        assert stringWidth(line, FONT_REGULAR, fitted.size) <= max_width


def test_fit_text_unbreakable_word_is_split_then_cut_to_fit() -> None:
    text = "W" * 60
    max_width = 40 * mm

    fitted = fit_text(
        text, font=FONT_BOLD, max_size=12, min_size=8, max_width=max_width, max_lines=2
    )

    assert len(fitted.lines) == 2
    assert fitted.lines[0] == "W" * len(fitted.lines[0])
    assert fitted.lines[-1].endswith(ELLIPSIS)
    for line in fitted.lines:
        assert stringWidth(line, FONT_BOLD, fitted.size) <= max_width


def test_fit_text_blank_text_has_no_lines() -> None:
    fitted = fit_text("   ", font=FONT_REGULAR, max_size=11, min_size=7, max_width=100)

    assert fitted.lines == ()


# Colours


@pytest.mark.parametrize("colour", ["#000000", "#1F5FAD", "#2E7D32", "#8E2F6F", "#C00", "#595959"])
def test_band_text_colour_is_white_on_dark_colours(colour: str) -> None:
    assert band_text_colour(colour) == "#FFFFFF"


@pytest.mark.parametrize("colour", ["#FFFFFF", "#F2C230", "#9FD3F5", "#7FFF00", "#ccc", "#777777"])
def test_band_text_colour_is_black_on_light_colours(colour: str) -> None:
    assert band_text_colour(colour) == "#000000"


def test_band_text_colour_contrast_is_at_least_4_5_for_every_colour() -> None:
    levels = range(0, 256, 15)
    colours = [f"#{r:02X}{g:02X}{b:02X}" for r, g, b in itertools.product(levels, repeat=3)]

    ratios = [contrast_ratio(colour, band_text_colour(colour)) for colour in colours]

    assert min(ratios) >= 4.5


def test_relative_luminance_short_and_long_forms_agree() -> None:
    assert relative_luminance("#FA0") == relative_luminance("#ffaa00")


def test_badge_invalid_colour_raises() -> None:
    with pytest.raises(ValueError, match="colour"):
        _badge(0, colour="blue")


def test_badge_empty_payload_raises() -> None:
    with pytest.raises(ValueError, match="payload"):
        _badge(0, qr_payload="")


# Layouts, fonts and QR images


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_layouts_grid_fits_the_page_with_printable_margins(layout: str) -> None:
    page = LAYOUTS[layout]

    grid_width = page.columns * page.badge_width + (page.columns - 1) * page.gap_x
    grid_height = page.rows * page.badge_height + (page.rows - 1) * page.gap_y

    assert page.page_width - grid_width >= 2 * 5 * mm
    assert page.page_height - grid_height >= 2 * 5 * mm


def test_fonts_are_vendored_with_their_licence() -> None:
    files = {path.name for path in FONTS_DIR.iterdir()}

    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"} <= files


def test_qr_image_has_a_white_quiet_zone() -> None:
    image = qr_image(PAYLOAD)

    border = [image.getpixel((x, y)) for x in range(image.width) for y in range(4)]

    assert image.mode == "1"
    assert set(border) == {255}


def test_qr_image_uses_the_fixed_mask_and_level_m() -> None:
    image = qr_image(PAYLOAD).convert("L")

    barcode = zxingcpp.read_barcodes(
        image.resize((image.width * 8, image.height * 8), Image.Resampling.NEAREST)
    )[0]

    assert barcode.text == PAYLOAD
    assert barcode.extra["DataMask"] == 0
    assert barcode.extra["ECLevel"] == "M"


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_render_badges_prints_hostile_text_as_typed(layout: str) -> None:
    badge = _badge(
        0,
        name="<b>Jean</b> & <font size=90>Dupont",
        organisation='</para>=HYPERLINK("x")\tMairie\x01',
        label="<i>Experts",
    )

    text = _normalised_text(_reader(render_badges([badge], layout=layout)))

    assert "<b>Jean</b> & <font size=90>Dupont" in text
    assert "</para>=HYPERLINK" in text
