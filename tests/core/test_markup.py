import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.utils.safestring import SafeString
from hypothesis import given, settings
from hypothesis import strategies as st

from cercle.core.markup import (
    Term,
    annotate_terms,
    annotate_text,
    defuse_brackets,
    render_markdown,
    render_plain,
)

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/xss.js></SCRIPT>",
    "<<script>script>alert(1)<</script>/script>",
    '"><script>alert(1)</script>',
    "**<script>alert(1)</script>**",
    "<img src=x onerror=alert(1)>",
    '<img src="x` `<script>alert(1)</script>"` `>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="#" onclick="alert(1)">x</a>',
    '<p onmouseover="alert(1)">x</p>',
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="width: expression(alert(1))">x</div>',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">x</math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '![x](x" onerror="alert(1))',
    "![x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "[x](vbscript:msgbox(1))",
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
]

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "abbr": {"title"},
    "blockquote": set(),
    "br": set(),
    "code": set(),
    "del": set(),
    "em": set(),
    "h3": set(),
    "h4": set(),
    "h5": set(),
    "h6": set(),
    "hr": set(),
    "li": set(),
    "ol": {"start"},
    "p": set(),
    "pre": set(),
    "strong": set(),
    "table": set(),
    "tbody": set(),
    "td": set(),
    "th": set(),
    "thead": set(),
    "tr": set(),
    "ul": set(),
}
FORBIDDEN_TAGS = {
    "base",
    "embed",
    "form",
    "iframe",
    "img",
    "link",
    "math",
    "meta",
    "object",
    "script",
    "style",
    "svg",
}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")

COMBO = Term("Combo", "portail")
WCS = Term("w.c.s.", "formulaires")

# Markup-heavy fragments so that generated inputs look like HTML and Markdown.
FRAGMENTS = [
    "<p>",
    "</p>",
    "</P >",
    "<a href='x'>",
    "</a>",
    "<code>",
    "</code>",
    "<script>",
    "</script>",
    "<br/>",
    "<!--",
    "-->",
    "<![",
    "<!DOCTYPE html>",
    "&amp;",
    "&amp",
    "&#233;",
    "&#xE9;",
    "&",
    "<",
    ">",
    '"',
    "'",
    "=",
    " onerror=",
    "javascript:",
    "[x](",
    ")",
    "![",
    "*",
    "`",
    "#",
    "\n",
    " ",
    "Combo",
    "COMBO",
    "w.c.s.",
]
fragment = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4))
markup_text = st.lists(fragment, max_size=30).map("".join)


class _ElementCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def _elements(html: str) -> list[tuple[str, dict[str, str]]]:
    """Return (tag, attributes) of each element, with attribute values unescaped."""
    collector = _ElementCollector()
    collector.feed(html)
    collector.close()
    return collector.elements


def _normalised_url(value: str) -> str:
    """Lower-case a URL without the whitespace and control characters browsers ignore."""
    return re.sub(r"[\x00-\x20\x7f]", "", unescape(value)).lower()


def _disallowed_markup(html: str) -> list[tuple[str, str]]:
    """Return (tag, attribute) pairs outside the allowlist; attribute "" means the tag."""
    found = []
    for tag, attributes in _elements(html):
        if tag not in ALLOWED_ATTRIBUTES:
            found.append((tag, ""))
            continue
        found.extend((tag, name) for name in attributes if name not in ALLOWED_ATTRIBUTES[tag])
    return found


def _dangerous_urls(html: str) -> list[str]:
    return [
        value
        for _, attributes in _elements(html)
        for name, value in attributes.items()
        if name in {"href", "src", "action", "formaction", "xlink:href", "data"}
        and any(scheme in _normalised_url(value) for scheme in DANGEROUS_SCHEMES)
    ]


def test_render_markdown_emphasis_renders_strong_and_em():
    text = "*doux* et **fort**"

    html = render_markdown(text)

    assert html == "<p><em>doux</em> et <strong>fort</strong></p>"


def test_render_markdown_lists_render_ul_and_ol():
    text = "- un\n- deux\n\n1. premier\n2. second"

    html = render_markdown(text)

    assert html == (
        "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>\n<ol>\n<li>premier</li>\n<li>second</li>\n</ol>"
    )


def test_render_markdown_ordered_list_keeps_its_start_number():
    text = "3. troisième\n4. quatrième"

    html = render_markdown(text)

    assert html == '<ol start="3">\n<li>troisième</li>\n<li>quatrième</li>\n</ol>'


def test_render_markdown_link_gets_rel_nofollow_noopener_noreferrer():
    text = '[Entr\'ouvert](https://www.entrouvert.com/ "Éditeur")'

    html = render_markdown(text)

    assert html == (
        '<p><a href="https://www.entrouvert.com/" title="Éditeur" '
        'rel="nofollow noopener noreferrer">Entr\'ouvert</a></p>'
    )


def test_render_markdown_mailto_and_relative_links_are_kept():
    text = "[écrire](mailto:club@example.org) [demande](/demandes/12/)"

    html = render_markdown(text)

    assert html == (
        '<p><a href="mailto:club@example.org" rel="nofollow noopener noreferrer">écrire</a> '
        '<a href="/demandes/12/" rel="nofollow noopener noreferrer">demande</a></p>'
    )


def test_render_markdown_fenced_code_is_escaped_without_class():
    text = "```python\nif a < b:\n    pass\n```"

    html = render_markdown(text)

    assert html == "<pre><code>if a &lt; b:\n    pass\n</code></pre>"


def test_render_markdown_inline_code_is_escaped():
    text = "Utiliser `<b>` ici"

    html = render_markdown(text)

    assert html == "<p>Utiliser <code>&lt;b&gt;</code> ici</p>"


def test_render_markdown_table_renders_without_alignment_styles():
    text = "| Module | Rôle |\n|:--|--:|\n| Combo | portail |"

    html = render_markdown(text)

    assert html == (
        "<table>\n<thead>\n<tr>\n<th>Module</th>\n<th>Rôle</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>Combo</td>\n<td>portail</td>\n</tr>\n</tbody>\n</table>"
    )


def test_render_markdown_headings_are_shifted_two_levels_and_capped_at_h6():
    text = "# Un\n\n## Deux\n\n### Trois\n\n#### Quatre\n\n##### Cinq\n\nSix\n---"

    html = render_markdown(text)

    assert html == (
        "<h3>Un</h3>\n<h4>Deux</h4>\n<h5>Trois</h5>\n<h6>Quatre</h6>\n<h6>Cinq</h6>\n<h4>Six</h4>"
    )


def test_render_markdown_raw_h1_is_reduced_to_text():
    text = "<h1>Titre</h1>\n\nTexte"

    html = render_markdown(text)

    assert html == "Titre\n\n<p>Texte</p>"


def test_render_markdown_single_newline_becomes_line_break():
    text = "Bonjour,\nmerci."

    html = render_markdown(text)

    assert html == "<p>Bonjour,<br>\nmerci.</p>"


def test_render_markdown_blockquote_rule_and_del_are_kept():
    text = "> cité\n\n---\n\n<del>retiré</del>"

    html = render_markdown(text)

    assert html == "<blockquote>\n<p>cité</p>\n</blockquote>\n<hr>\n<p><del>retiré</del></p>"


def test_render_markdown_image_is_removed():
    text = "![capture](https://example.org/capture.png)"

    html = render_markdown(text)

    assert html == "<p></p>"


def test_render_markdown_empty_input_gives_empty_safe_string():
    html = render_markdown("")

    assert html == ""
    assert isinstance(html, SafeString)


def test_render_markdown_result_is_safe_string():
    html = render_markdown("texte")

    assert isinstance(html, SafeString)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_payload_has_no_script_tag(payload):
    html = render_markdown(payload)

    assert "<script" not in html.lower()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_payload_has_no_event_handler(payload):
    html = render_markdown(payload)

    handlers = [
        name
        for _, attributes in _elements(html)
        for name in attributes
        if re.fullmatch(r"on\w+", name)
    ]
    assert handlers == []


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_payload_has_no_dangerous_url(payload):
    html = render_markdown(payload)

    assert _dangerous_urls(html) == []


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_payload_has_no_forbidden_element(payload):
    html = render_markdown(payload)

    assert {tag for tag, _ in _elements(html)} & FORBIDDEN_TAGS == set()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_payload_keeps_only_allowlisted_markup(payload):
    html = render_markdown(payload)

    assert _disallowed_markup(html) == []


@settings(deadline=None)
@given(st.text())
def test_render_markdown_arbitrary_text_keeps_only_allowlisted_markup(text):
    html = render_markdown(text)

    assert _disallowed_markup(html) == []


@settings(deadline=None)
@given(markup_text)
def test_render_markdown_arbitrary_markup_is_sanitised(text):
    html = render_markdown(text)

    assert _disallowed_markup(html) == []
    assert _dangerous_urls(html) == []
    assert "<script" not in html.lower()


def test_render_plain_markup_is_stripped_and_entities_unescaped():
    text = "# Titre\n\n**Bonjour** & <b>salut</b> &lt;3\n\n- un\n- deux"

    plain = render_plain(text)

    assert plain == "Titre Bonjour & salut <3 un deux"


def test_render_plain_script_content_is_dropped():
    text = "avant <script>alert(1)</script> après"

    plain = render_plain(text)

    assert plain == "avant après"


def test_render_plain_whitespace_is_collapsed():
    text = "  un\n\n\n   deux\t trois  "

    plain = render_plain(text)

    assert plain == "un deux trois"


def test_render_plain_empty_input_gives_empty_string():
    plain = render_plain("")

    assert plain == ""


def test_render_plain_result_is_not_marked_safe():
    plain = render_plain("a < b")

    assert plain == "a < b"
    assert not isinstance(plain, SafeString)


def test_annotate_terms_first_occurrence_only():
    html = "<p>Combo et Combo</p><p>encore Combo</p>"

    annotated = annotate_terms(html, terms=[COMBO])

    assert annotated == '<p><abbr title="portail">Combo</abbr> et Combo</p><p>encore Combo</p>'


def test_annotate_terms_case_insensitive_match_keeps_original_case():
    html = "<p>le module COMBO</p>"

    annotated = annotate_terms(html, terms=[COMBO])

    assert annotated == '<p>le module <abbr title="portail">COMBO</abbr></p>'


def test_annotate_terms_attribute_values_are_untouched():
    html = '<p><a title="Combo">lien</a> <span title="Combo" data-x="Combo">texte</span></p>'

    annotated = annotate_terms(html, terms=[COMBO])

    assert annotated == html


@pytest.mark.parametrize(
    "html",
    [
        '<a href="/combo/">Combo</a>',
        "<code>Combo</code>",
        "<pre>Combo</pre>",
        "<pre><code>Combo</code></pre>",
        '<abbr title="x">Combo</abbr>',
        "<h1>Combo</h1>",
        "<script>var s = 'Combo';</script>",
        "<style>.Combo {}</style>",
        "<textarea>Combo</textarea>",
        "<title>Combo</title>",
        "<a><em>Combo</em></a>",
    ],
)
def test_annotate_terms_excluded_element_is_untouched(html):
    annotated = annotate_terms(html, terms=[COMBO])

    assert annotated == html


def test_annotate_terms_text_after_excluded_element_is_annotated():
    html = "<p><a>Combo</a> puis <code>Combo</code> puis Combo</p>"

    annotated = annotate_terms(html, terms=[COMBO])

    assert annotated == (
        '<p><a>Combo</a> puis <code>Combo</code> puis <abbr title="portail">Combo</abbr></p>'
    )


def test_annotate_terms_heading_below_h1_is_annotated():
    html = "<h3>Combo</h3>"

    annotated = annotate_terms(html, terms=[COMBO])

    assert annotated == '<h3><abbr title="portail">Combo</abbr></h3>'


@pytest.mark.parametrize("text", ["Combos", "xCombo", "Combo_2", "Combo2", "wcs2"])
def test_annotate_terms_partial_word_is_untouched(text):
    html = f"<p>{text}</p>"

    annotated = annotate_terms(html, terms=[COMBO, Term("wcs", "formulaires")])

    assert annotated == html


def test_annotate_terms_name_with_dots_matches_literally():
    html = "<p>wxcxsx puis w.c.s. ici</p>"

    annotated = annotate_terms(html, terms=[WCS])

    assert annotated == '<p>wxcxsx puis <abbr title="formulaires">w.c.s.</abbr> ici</p>'


def test_annotate_terms_title_is_escaped():
    html = "<p>Combo</p>"

    annotated = annotate_terms(html, terms=[Term("Combo", 'le "portail" <public>')])

    assert annotated == '<p><abbr title="le &quot;portail&quot; &lt;public&gt;">Combo</abbr></p>'


def test_annotate_terms_longer_name_takes_priority():
    html = "<p>Le Combo Portail</p>"

    annotated = annotate_terms(html, terms=[COMBO, Term("Combo Portail", "site")])

    assert annotated == '<p>Le <abbr title="site">Combo Portail</abbr></p>'


def test_annotate_terms_name_with_space_matches_any_whitespace():
    html = "<p>Le Combo\n  Portail</p>"

    annotated = annotate_terms(html, terms=[Term("Combo Portail", "site")])

    assert annotated == '<p>Le <abbr title="site">Combo\n  Portail</abbr></p>'


def test_annotate_terms_each_term_annotated_once():
    html = "<p>Combo, w.c.s., Combo, w.c.s.</p>"

    annotated = annotate_terms(html, terms=[COMBO, WCS])

    assert annotated == (
        '<p><abbr title="portail">Combo</abbr>, <abbr title="formulaires">w.c.s.</abbr>, '
        "Combo, w.c.s.</p>"
    )


def test_annotate_terms_entities_and_markup_are_preserved_byte_for_byte():
    html = (
        "<!DOCTYPE html><!-- Combo --><P CLASS='x'>&eacute;t&#233; &#xE9; &amp &lt;b&gt;"
        " Combo &amp;</P ><br/>Combo"
    )

    annotated = annotate_terms(html, terms=[COMBO])

    assert annotated == (
        "<!DOCTYPE html><!-- Combo --><P CLASS='x'>&eacute;t&#233; &#xE9; &amp &lt;b&gt;"
        ' <abbr title="portail">Combo</abbr> &amp;</P ><br/>Combo'
    )


def test_annotate_terms_malformed_declaration_keeps_input():
    html = "<p>Combo</p><![ x Combo"

    annotated = annotate_terms(html, terms=[COMBO])

    assert annotated == '<p><abbr title="portail">Combo</abbr></p><![ x Combo'


def test_annotate_terms_without_terms_returns_input():
    html = "<p>Combo</p>"

    annotated = annotate_terms(html, terms=[])

    assert annotated == html
    assert isinstance(annotated, SafeString)


def test_annotate_terms_blank_name_is_ignored():
    html = "<p>Combo</p>"

    annotated = annotate_terms(html, terms=[Term(" ", "vide"), COMBO])

    assert annotated == '<p><abbr title="portail">Combo</abbr></p>'


def test_annotate_terms_result_is_safe_string():
    annotated = annotate_terms("<p>Combo</p>", terms=[COMBO])

    assert isinstance(annotated, SafeString)


def test_annotate_terms_rendered_markdown_skips_code_span():
    html = render_markdown("Le `Combo` est le module Combo.")

    annotated = annotate_terms(html, terms=[COMBO])

    assert annotated == (
        '<p>Le <code>Combo</code> est le module <abbr title="portail">Combo</abbr>.</p>'
    )


@settings(deadline=None)
@given(markup_text)
def test_annotate_terms_arbitrary_markup_only_gains_abbr_tags(html):
    terms = [Term("Combo", "sentinelle-glossaire"), Term("w.c.s.", "sentinelle-glossaire")]

    annotated = annotate_terms(html, terms=terms)

    unwrapped = re.sub(r'<abbr title="sentinelle-glossaire">(.*?)</abbr>', r"\1", annotated)
    assert unwrapped == html


def test_annotate_text_escapes_markup():
    text = "<script>alert('Combo')</script>"

    annotated = annotate_text(text, terms=[COMBO])

    assert annotated == (
        '&lt;script&gt;alert(&#x27;<abbr title="portail">Combo</abbr>&#x27;)&lt;/script&gt;'
    )
    assert isinstance(annotated, SafeString)


# Hostile Markdown renders in bounded work


NESTED_10K = "[" * 6000 + "a" + "](" * 2400
NESTED_90K = "[" * 50_000 + "a" + "](" * 20_000
HOSTILE = [
    NESTED_10K,
    NESTED_90K,
    '[a]("x)' * 12_000,
    "[a](" * 20_000,
    "(" * 90_000,
    "<a " * 30_000,
    '<a x=">"' * 11_000,
]


@pytest.fixture
def scanned(monkeypatch):
    """Count the characters python-markdown's link parser may scan, whatever their speed."""
    from markdown import inlinepatterns

    total = [0]
    get_text = inlinepatterns.LinkInlineProcessor.getText
    get_link = inlinepatterns.LinkInlineProcessor.getLink

    def counting_text(self, data, index):
        result = get_text(self, data, index)
        total[0] += result[1] - index
        return result

    def counting_link(self, data, index):
        total[0] += len(data) - index
        return get_link(self, data, index)

    monkeypatch.setattr(inlinepatterns.LinkInlineProcessor, "getText", counting_text)
    monkeypatch.setattr(inlinepatterns.LinkInlineProcessor, "getLink", counting_link)
    return total


@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: f"{text[:8]!r}x{len(text)}")
def test_render_markdown_hostile_text_scans_a_bounded_number_of_characters(scanned, text):
    render_markdown(text)

    assert scanned[0] <= 10 * len(text)


def test_defuse_brackets_leaves_balanced_text_unchanged():
    text = "Voir [la doc](https://example.org/a_(b)) et (ceci [[x]]) `[code` [^1]"

    assert defuse_brackets(text) == text


def test_render_markdown_deep_nesting_shows_plain_brackets():
    html = render_markdown("[[[[[[x]]]]]] et [lien](https://example.org)")

    assert html == (
        '<p>[[[[[[x]]]]]] et <a href="https://example.org" '
        'rel="nofollow noopener noreferrer">lien</a></p>'
    )


def test_render_markdown_unclosed_brackets_show_as_typed():
    html = render_markdown("[sic (voir [le guide](https://example.org)")

    assert html == (
        '<p>[sic (voir <a href="https://example.org" '
        'rel="nofollow noopener noreferrer">le guide</a></p>'
    )


def test_render_markdown_nested_input_keeps_every_character():
    html = render_markdown(NESTED_10K)

    assert unescape(html.removeprefix("<p>").removesuffix("</p>")) == NESTED_10K


def test_render_markdown_code_keeps_its_unbalanced_brackets():
    html = render_markdown("`tab[0` et\n\n    liste[\n")

    assert html == "<p><code>tab[0</code> et</p>\n<pre><code>liste[\n</code></pre>"


def test_render_markdown_unclosed_tag_is_shown_as_text():
    html = render_markdown("a <b et <em>c</em>")

    assert html == "<p>a &lt;b et <em>c</em></p>"


def test_render_markdown_private_use_characters_do_not_become_brackets():
    html = render_markdown("a\ue000b\ue003")

    assert html == "<p>ab</p>"
