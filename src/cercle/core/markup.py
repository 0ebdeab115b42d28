"""Markdown rendering, sanitising and glossary annotation of user-written content.

Requests and comments are written in Markdown by club members. python-markdown lets raw
HTML through, so nh3 sanitises every rendered fragment against a strict allowlist: nh3 is
the only security boundary.
"""

import re
from collections import Counter
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from html import escape, unescape
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

__all__ = ["Term", "annotate_terms", "annotate_text", "render_markdown", "render_plain"]

_MARKDOWN_EXTENSIONS = ("fenced_code", "nl2br", "sane_lists", "tables")

# The page around user content already has its h1 and h2, so "# Title" becomes an h3.
_HEADING_OFFSET = 2
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

_ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
# "start" keeps a list that begins at 3 numbered from 3.
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
_ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
_LINK_REL = "nofollow noopener noreferrer"

# Text inside these elements is code, a link, already annotated, or not displayed as prose.
_NO_ANNOTATION_TAGS = frozenset(
    {"a", "abbr", "code", "h1", "pre", "script", "style", "textarea", "title"}
)


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary entry: a product module name and its functional synonym."""

    name: str
    synonym: str
    description: str = ""


class _ShiftHeadings(Treeprocessor):
    """Demote Markdown headings below the page's own h1 and h2."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag in _HEADING_TAGS:
                element.tag = f"h{min(int(element.tag[1]) + _HEADING_OFFSET, 6)}"


class _ShiftHeadingsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_ShiftHeadings(md), "cercle_shift_headings", 5)


def _sanitise(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_ALLOWED_URL_SCHEMES,
        link_rel=_LINK_REL,
    )


def render_markdown(text: str) -> SafeString:
    """Render user Markdown to sanitised HTML, ready to insert in a template."""
    # A Markdown instance keeps per-document state, so each call builds its own.
    rendered = markdown.markdown(
        text, extensions=[*_MARKDOWN_EXTENSIONS, _ShiftHeadingsExtension()]
    )
    return mark_safe(_sanitise(rendered))  # noqa: S308 - sanitised by nh3 just above


def render_plain(text: str) -> str:
    """Render user Markdown to one line of plain text, for emails and search snippets.

    The result is unescaped text: it must be escaped again before going into HTML.
    """
    without_tags = nh3.clean(str(render_markdown(text)), tags=set())
    return " ".join(unescape(without_tags).split())


class _TextChunkFinder(HTMLParser):
    """Collect the text nodes of an HTML fragment that may receive annotations."""

    def __init__(self, source: str) -> None:
        # Keeping character references out of text nodes makes each node a verbatim
        # slice of the source, so everything else is re-emitted byte for byte.
        super().__init__(convert_charrefs=False)
        self._source = source
        self._line_offsets = [0, *(newline.end() for newline in re.finditer("\n", source))]
        self._open_excluded: Counter[str] = Counter()
        self.chunks: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _NO_ANNOTATION_TAGS:
            self._open_excluded[tag] += 1

    def handle_endtag(self, tag: str) -> None:
        if self._open_excluded[tag] > 0:
            self._open_excluded[tag] -= 1

    def handle_data(self, data: str) -> None:
        # A "<" in a text node means the parser gave up on malformed markup there.
        if self._open_excluded.total() or "<" in data:
            return
        line, column = self.getpos()
        start = self._line_offsets[line - 1] + column
        # Only a chunk found verbatim at its position can be replaced without losing bytes.
        if self._source.startswith(data, start):
            self.chunks.append((start, data))


def _text_chunks(html: str) -> list[tuple[int, str]]:
    """Return (offset, text) for each annotatable text node of an HTML fragment."""
    finder = _TextChunkFinder(html)
    # HTMLParser raises AssertionError on some malformed "<![" declarations; the chunks
    # found before that point are still exact.
    with suppress(AssertionError):
        finder.feed(html)
        finder.close()
    return finder.chunks


@lru_cache(maxsize=64)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Compile one alternation of whole-word names, with group i + 1 matching names[i]."""
    alternatives = "|".join(
        "(" + r"\s+".join(re.escape(word) for word in name.split()) + ")" for name in names
    )
    # Names such as "w.c.s." start or end with punctuation, where \b would not fire.
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def annotate_terms(html: str, *, terms: Sequence[Term]) -> SafeString:
    """Wrap the first occurrence of each term in a fragment of safe HTML in an <abbr>.

    Only text nodes outside links, code, h1 and existing <abbr> change; everything else is
    returned byte for byte. A name is matched within one text node, so a tag or a
    character reference inside it prevents the match.
    """
    ordered = sorted(
        (term for term in terms if term.name.split()), key=lambda term: len(term.name), reverse=True
    )
    if not ordered:
        return mark_safe(html)  # noqa: S308 - the caller passes safe HTML
    pattern = _names_pattern(tuple(term.name for term in ordered))
    pending = set(range(len(ordered)))

    def annotate(match: re.Match[str]) -> str:
        index = match.lastindex - 1
        if index not in pending:
            return match.group()
        pending.discard(index)
        return f'<abbr title="{escape(ordered[index].synonym)}">{match.group()}</abbr>'

    parts = []
    cursor = 0
    for start, text in _text_chunks(html):
        if not pending:
            break
        parts.append(html[cursor:start])
        parts.append(pattern.sub(annotate, text))
        cursor = start + len(text)
    parts.append(html[cursor:])
    return mark_safe("".join(parts))  # noqa: S308 - only escaped <abbr> tags were added


def annotate_text(text: str, *, terms: Sequence[Term]) -> SafeString:
    """Escape plain text, then annotate the glossary terms it contains."""
    return annotate_terms(escape(text), terms=terms)
