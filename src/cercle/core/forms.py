import html
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates, Jinja2
from django.utils.functional import cached_property
from markupsafe import Markup

# Django renders each radio button, checkbox or select option through nested includes
# (option, input, attributes); one template with the same markup renders the whole group.
LEAN_TEMPLATES = {
    "django/forms/widgets/radio.html": "core/forms/widgets/choices.html",
    "django/forms/widgets/checkbox_select.html": "core/forms/widgets/choices.html",
    "django/forms/widgets/select.html": "core/forms/widgets/select.html",
}


class FormRenderer(DjangoTemplates):
    """Django's form rendering, with each field group wrapped so layouts keep label and input
    together (filters lay fields out side by side), and choice groups rendered in one template."""

    field_template_name = "core/forms/field.html"

    def get_template(self, template_name):
        return super().get_template(LEAN_TEMPLATES.get(template_name, template_name))


def _escaped(value):
    """What a Jinja2 form template outputs, escaped as Django escapes it (`'` as ``&#x27;``,
    Jinja2's own escaping writes ``&#39;``); what is already HTML stays as it is."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value)))  # noqa: S704 - escaped on this very line


class JinjaFormRenderer(Jinja2):
    """The same markup as FormRenderer, from Jinja2 copies of its templates and of Django's: for
    a form whose many fields and choices make the template language its cost (the meeting
    registration form). Values are escaped as Django escapes them (`'` as ``&#x27;``), so the
    HTML is the same to the byte: tests/core/test_form_renderer.py compares both renderings,
    and fails when a template in core/templates/core/forms/ changes without its copy in
    core/jinja2/core/forms/."""

    field_template_name = "core/forms/field.html"

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [Path(django.forms.__file__).parent / "jinja2"],
                "NAME": "djangoforms-jinja2",
                "OPTIONS": {"finalize": _escaped},
            }
        )

    def get_template(self, template_name):
        return super().get_template(LEAN_TEMPLATES.get(template_name, template_name))
