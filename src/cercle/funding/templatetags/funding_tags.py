from django import template
from django.utils.formats import number_format

from cercle.funding.sharing import format_cents

register = template.Library()


@register.filter
def euros(cents):
    """12345678 → "123 456,78 €" (French typography)."""
    return "" if cents in (None, "") else format_cents(int(cents))


@register.filter
def grouped(number):
    """1430000 → "1 430 000": thousands grouped in the active language, whatever
    USE_THOUSAND_SEPARATOR says (populations and counts are read, not typed back)."""
    if number in (None, ""):
        return ""
    return number_format(number, force_grouping=True)
