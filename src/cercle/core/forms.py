from django.forms.renderers import DjangoTemplates

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
