from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def grouped(value):
    """A whole number with the active language's thousands separator: "1 430 000" in French."""
    if value is None or value == "":
        return ""
    return number_format(value, decimal_pos=0, force_grouping=True)
