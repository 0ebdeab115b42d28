from django import template

from cercle.glossary.services import annotate_html, annotate_plain, render_annotated_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render a member's Markdown safely, annotating module names with their synonym."""
    return render_annotated_markdown(text or "")


@register.filter
def glossary(text):
    """Escape plain text and annotate module names with their synonym."""
    return annotate_plain(text or "")


@register.filter
def glossary_html(html):
    """Annotate module names in HTML stored already sanitised (no Markdown rendered here)."""
    return annotate_html(html or "")
