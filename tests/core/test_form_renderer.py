"""The lean choice-group template renders exactly Django's markup, whitespace aside."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from cercle.core.forms import FormRenderer


class Survey(forms.Form):
    attendance = forms.ChoiceField(
        choices=[("on_site", "Sur place <b>"), ("remote", "À distance")],
        widget=forms.RadioSelect,
        help_text="Une réponse par jour.",
    )
    workshops = forms.MultipleChoiceField(
        choices=[
            ("Lundi", [("1", "Atelier « paiement »"), ("2", 'Atelier "=HYPERLINK()"')]),
            ("Mardi", [("3", "Atelier 3")]),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent = forms.ChoiceField(
        choices=[("yes", "Oui"), ("no", "Non")], widget=forms.RadioSelect(attrs={"class": "inline"})
    )
    track = forms.ChoiceField(choices=[("", "Tous"), ("1", "Experts <b>"), ("2", "Nouveaux")])
    towns = forms.MultipleChoiceField(
        choices=[("Sud", [("t", "Toulouse"), ("m", "Montpellier")]), ("n", "Nantes")],
        required=False,
    )


def _normalised(html: str) -> str:
    return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", re.sub(r"\s+", " ", html))).strip()


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"attendance": "remote", "workshops": ["1", "3"], "track": "2", "towns": ["t", "n"]},
        {"attendance": "nope", "track": "9"},
    ],
    ids=["empty", "bound", "invalid"],
)
def test_choice_groups_render_as_django_does(data):
    ours = Survey(data, renderer=FormRenderer())
    django = Survey(data, renderer=DjangoTemplates())
    django.renderer.field_template_name = FormRenderer.field_template_name
    if data is not None:
        assert ours.is_valid() == django.is_valid()
    for name in Survey.base_fields:
        assert _normalised(str(ours[name].as_field_group())) == _normalised(
            str(django[name].as_field_group())
        )


def test_labels_are_escaped_and_choices_checked():
    html = str(Survey({"attendance": "remote", "workshops": ["2"]}, renderer=FormRenderer()))
    assert "Sur place &lt;b&gt;" in html
    assert "&quot;=HYPERLINK()&quot;" in html
    assert re.search(r'<input type="radio" name="attendance" value="remote"[^>]* checked>', html)
    assert re.search(r'<input type="checkbox" name="workshops" value="2"[^>]* checked>', html)
    assert '<label for="id_attendance_1">' in html
    assert "Experts &lt;b&gt;" in html
