from cercle.core.errors import DomainError


def add_refusal(form, error: DomainError) -> None:
    """Show a refused action on the form, on its field when the form has one by that name."""
    field = next((name for name in error.fields if name in form.fields), None)
    form.add_error(field, error.message)
