from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Django's form rendering, with each field group wrapped so layouts keep label and input
    together (filters lay fields out side by side)."""

    field_template_name = "core/forms/field.html"
