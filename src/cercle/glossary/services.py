from functools import lru_cache

from django.core.cache import cache

from cercle.core.markup import Term as MarkupTerm
from cercle.core.markup import annotate_terms, annotate_text, render_markdown
from cercle.glossary.models import TERMS_CACHE_KEY, Term


def glossary_terms() -> tuple[MarkupTerm, ...]:
    """All terms, from the shared cache (invalidated whenever staff edit a term)."""
    terms = cache.get(TERMS_CACHE_KEY)
    if terms is None:
        terms = tuple(
            MarkupTerm(name=t.name, synonym=t.synonym, description=t.description)
            for t in Term.objects.all()
        )
        cache.set(TERMS_CACHE_KEY, terms, timeout=3600)
    return terms


def render_annotated_markdown(text: str):
    """User Markdown, sanitised, with the first mention of each module annotated."""
    return _rendered(text, glossary_terms())


@lru_cache(maxsize=4096)
def _rendered(text: str, terms: tuple[MarkupTerm, ...]):
    # A pure function of its arguments, so a per-process memo is safe: editing a term
    # changes `terms` and therefore the key.
    return annotate_terms(render_markdown(text), terms=terms)


def annotate_plain(text: str):
    return annotate_text(text, terms=glossary_terms())


def annotate_html(html: str):
    return annotate_terms(html, terms=glossary_terms())
