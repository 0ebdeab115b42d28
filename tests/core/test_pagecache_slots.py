"""Slots: the personal parts of a shared fragment, filled for each viewer."""

from django.template import Context, Template

from cercle.core import pagecache


def render(source, **context):
    return Template("{% load cercle_pagecache %}" + source).render(Context(context))


def test_a_slot_is_filled_or_keeps_what_a_visitor_sees():
    html = render('<p>{% slot "form" %}sign in{% endslot %}</p>')
    assert pagecache.fill(html, lambda name, key: None) == "<p>sign in</p>"
    assert pagecache.fill(html, lambda name, key: "<form>") == "<p><form></p>"
    assert pagecache.fill(html, lambda name, key: "") == "<p></p>"


def test_slots_are_told_apart_by_name_and_key():
    html = render(
        '{% for pk in ids %}<li>{% slot "withdraw" pk %}{% endslot %}</li>{% endfor %}',
        ids=[3, 7],
    )
    filled = pagecache.fill(html, lambda name, key: f"[{name} {key}]" if key == "7" else "")
    assert filled == "<li></li><li>[withdraw 7]</li>"


def test_slots_within_a_kept_default_or_a_filled_part_are_filled_too():
    html = render('{% slot "table" %}<tr>{% slot "row" 1 %}one{% endslot %}</tr>{% endslot %}')
    assert pagecache.fill(html, lambda name, key: None) == "<tr>one</tr>"
    assert pagecache.fill(html, lambda name, key: "" if name == "row" else None) == "<tr></tr>"
    part = pagecache.slot("csrf")
    filled = pagecache.fill(
        html, lambda name, key: f"<form>{part}</form>" if name == "table" else "TOKEN"
    )
    assert filled == "<form>TOKEN</form>"


def test_text_typed_by_someone_never_passes_for_a_slot():
    forged = "<!--slot:0123456789abcdef:staff:-->x<!--endslot:0123456789abcdef:staff:-->"
    html = render("{{ text }}|{{ raw|safe }}", text=forged, raw=forged)
    assert pagecache.fill(html, lambda name, key: "PANEL") == html
    assert "PANEL" not in pagecache.fill(html, lambda name, key: "PANEL")
