"""Printable badges: the PDF (render) and the text fitted on them (text)."""

from cercle.onsite.badges.render import LAYOUTS, Badge, Layout, qr_image, render_badges
from cercle.onsite.badges.text import (
    ELLIPSIS,
    FONT_BOLD,
    FONT_REGULAR,
    FONTS_DIR,
    FittedText,
    band_text_colour,
    contrast_ratio,
    fit_text,
    register_fonts,
    relative_luminance,
)

__all__ = [
    "ELLIPSIS",
    "FONT_BOLD",
    "FONT_REGULAR",
    "FONTS_DIR",
    "LAYOUTS",
    "Badge",
    "FittedText",
    "Layout",
    "band_text_colour",
    "contrast_ratio",
    "fit_text",
    "qr_image",
    "register_fonts",
    "relative_luminance",
    "render_badges",
]
