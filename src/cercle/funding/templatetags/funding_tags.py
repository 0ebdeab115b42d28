from django import template

from cercle.funding.sharing import format_cents

register = template.Library()


@register.filter
def euros(cents):
    """12345678 → "123 456,78 €" (French typography)."""
    return "" if cents in (None, "") else format_cents(int(cents))
