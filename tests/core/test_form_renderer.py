"""The lean choice-group template renders exactly Django's markup, whitespace aside; the Jinja2
renderer renders exactly the same HTML as the Django one."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation

from cercle.core.forms import FormRenderer, JinjaFormRenderer


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


class Badge(Survey):
    name = forms.CharField(max_length=150, help_text="Tel qu’imprimé : « O'Neil & fils ».")
    needs = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    experience = forms.ChoiceField(
        label="Déjà venu ?", choices=[("n", "Non"), ("r", "Oui")], widget=forms.RadioSelect
    )

    def clean(self):
        data = super().clean()
        if data.get("needs") == "refuse":
            raise forms.ValidationError("Refusé : « <b>non</b> » & d'autres")
        return data


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "attendance": "remote",
            "workshops": ["1", "3"],
            "consent": "yes",
            "track": "2",
            "towns": ["t", "n"],
            "name": 'O\'Neil <b>"&"</b>',
            "needs": "Sans <gluten>\n& d'œufs",
            "experience": "r",
        },
        {"attendance": "nope", "track": "9", "name": "x" * 151, "needs": "refuse"},
    ],
    ids=["empty", "bound", "invalid"],
)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_jinja_renderer_renders_byte_for_byte_what_the_django_one_does(data, language):
    with translation.override(language):
        jinja = Badge(data, renderer=JinjaFormRenderer(), initial={"name": "Camille d'Aix"})
        django = Badge(data, renderer=FormRenderer(), initial={"name": "Camille d'Aix"})
        if data is not None:
            assert jinja.is_valid() == django.is_valid()
        for name in Badge.base_fields:
            assert str(jinja[name].as_field_group()) == str(django[name].as_field_group())
            assert str(jinja[name].errors) == str(django[name].errors)
        assert str(jinja.non_field_errors()) == str(django.non_field_errors())
        assert str(jinja) == str(django)
