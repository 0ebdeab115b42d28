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
from markdown import inlinepatterns
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

__all__ = [
    "Term",
    "annotate_terms",
    "annotate_text",
    "defuse_brackets",
    "render_markdown",
    "render_plain",
]

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


# python-markdown scans from each "[" to its matching "]" and from the "(" after it to the
# matching ")": on brackets nested thousands deep, or never closed, that is quadratic (a 10 kB
# comment took 12 s). Brackets nested deeper than this, or never closed, are set aside first.
MAX_BRACKET_NESTING = 4
# How far one link's target and title may run.
MAX_LINK_TARGET = 2000
_PARENTHESES = re.compile(r"[()]")
_BRACKET_TOKEN = re.compile(r"\\.|[\[\]()]", re.DOTALL)
_OPENERS = {"]": "[", ")": "("}
# Private-use characters stand for the brackets set aside: Markdown sees no bracket there (a
# backslash escape would cost a rewrite of the paragraph each), and they become brackets again.
_INERT = {"[": "\ue000", "]": "\ue001", "(": "\ue002", ")": "\ue003", "<": "\ue004"}
_RESTORE = str.maketrans({inert: "&lt;" if char == "<" else char for char, inert in _INERT.items()})
# A tag not closed before the next "<" (or with a quote left open): the HTML parser under
# python-markdown reads the rest of the text as its attributes, once per "<" (quadratic too).
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_WHOLE_TAG = re.compile(r"""<(?:[^<>"']|"[^"<>]*"|'[^'<>]*')*>""")
_DROP_INERT = str.maketrans(dict.fromkeys(_INERT.values()))
# Fenced blocks and code spans show their brackets verbatim, so they are left alone.
_CODE = re.compile(
    r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$|(?<!`)(`+)(?!`).+?(?<!`)\2(?!`)",
    re.DOTALL | re.MULTILINE,
)


def _outside_code(text: str, matches):
    """The matches (in order) that do not start inside a fenced block or a code span."""
    code = [match.span() for match in _CODE.finditer(text)]
    index = 0
    for match in matches:
        position = match.start()
        while index < len(code) and code[index][1] <= position:
            index += 1
        if index == len(code) or position < code[index][0]:
            yield match


def _bracket_tokens(text: str):
    """(position, character) of every bracket and parenthesis outside code, unescaped."""
    for match in _outside_code(text, _BRACKET_TOKEN.finditer(text)):
        if match.group() in "[]()":
            yield match.start(), match.group()


def _inert_positions(tokens: list[tuple[int, str]]) -> set[int]:
    """Openers never closed, and both ends of pairs nested deeper than MAX_BRACKET_NESTING."""
    partner: dict[int, int] = {}
    stacks: dict[str, list[int]] = {"[": [], "(": []}
    for position, char in tokens:
        if char in stacks:
            stacks[char].append(position)
        elif stacks[_OPENERS[char]]:
            opener = stacks[_OPENERS[char]].pop()
            partner[opener] = position
            partner[position] = opener
    inert = {position for stack in stacks.values() for position in stack}
    depth = {"[": 0, "(": 0}
    for position, char in tokens:
        if position not in partner:
            continue
        if char in depth:
            depth[char] += 1
            if depth[char] > MAX_BRACKET_NESTING:
                inert.update((position, partner[position]))
        else:
            depth[_OPENERS[char]] -= 1
    return inert


def defuse_brackets(text: str) -> str:
    """Set aside, in linear time, the brackets that would make link parsing quadratic.

    An opening "[" or "(" with no closing match, and both ends of a pair nested more than
    MAX_BRACKET_NESTING deep, are replaced by private-use characters that Markdown ignores;
    ``restore_brackets`` turns them back into brackets in the HTML. Text whose brackets are
    balanced and shallow comes back unchanged. A "<" opening a tag that does not close
    before the next "<" (quotes included) is set aside the same way, and comes back as "&lt;".
    """
    text = text.translate(_DROP_INERT)
    positions = _inert_positions(list(_bracket_tokens(text)))
    positions.update(
        match.start()
        for match in _outside_code(text, _TAG_START.finditer(text))
        if not _WHOLE_TAG.match(text, match.start())
    )
    if not positions:
        return text
    characters = list(text)
    for position in positions:
        characters[position] = _INERT[characters[position]]
    return "".join(characters)


def restore_brackets(html: str) -> str:
    return html.translate(_RESTORE)


class _BoundedLinkScan:
    """Look for a link's target and title up to the ")" matching its "(" only.

    python-markdown's own scan goes on to the end of the paragraph when a quote in the
    target never closes, once per link. After ``defuse_brackets`` every live "(" has its ")"
    at most MAX_BRACKET_NESTING pairs around any character, so the windows add up to a
    few times the text's length.
    """

    def getLink(self, data: str, index: int):  # noqa: N802 - python-markdown's name
        if not data.startswith("(", index):
            return "", None, index, False  # "[text]" not followed by a target: no link
        limit = min(len(data), index + MAX_LINK_TARGET)
        depth = 0
        for match in _PARENTHESES.finditer(data, index, limit):
            depth += 1 if match.group() == "(" else -1
            if depth <= 0:
                limit = match.end()
                break
        href, title, end, handled = super().getLink(data[index:limit], 0)
        return href, title, index + end, handled


def _bounded(processor_class):
    return type(f"Bounded{processor_class.__name__}", (_BoundedLinkScan, processor_class), {})


class _BoundedLinksExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(
            _bounded(inlinepatterns.LinkInlineProcessor)(inlinepatterns.LINK_RE, md), "link", 160
        )
        md.inlinePatterns.register(
            _bounded(inlinepatterns.ImageInlineProcessor)(inlinepatterns.IMAGE_LINK_RE, md),
            "image_link",
            150,
        )


def render_markdown(text: str) -> SafeString:
    """Render user Markdown to sanitised HTML, ready to insert in a template."""
    # A Markdown instance keeps per-document state, so each call builds its own.
    rendered = markdown.markdown(
        defuse_brackets(text),
        extensions=[*_MARKDOWN_EXTENSIONS, _ShiftHeadingsExtension(), _BoundedLinksExtension()],
    )
    rendered = restore_brackets(rendered)
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
