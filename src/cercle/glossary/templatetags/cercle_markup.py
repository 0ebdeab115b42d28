from django import template

from cercle.glossary.services import annotate_plain, render_annotated_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render a member's Markdown safely, annotating module names with their synonym."""
    return render_annotated_markdown(text or "")


@register.filter
def glossary(text):
    """Escape plain text and annotate module names with their synonym."""
    return annotate_plain(text or "")
