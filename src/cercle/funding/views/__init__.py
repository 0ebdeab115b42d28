"""Funding pages, one module per feature: items, costing, pledges, exports, roadmap, calendar."""

from django.shortcuts import get_object_or_404

from cercle.funding.models import CostedItem


def costed_item_or_404(reference, *, with_organisation=True):
    """The item and its request (and the request's organisation, unless not needed)."""
    related = ["request", "request__organisation"] if with_organisation else ["request"]
    return get_object_or_404(
        CostedItem.objects.select_related(*related), request__reference=reference.upper()
    )


def add_domain_error(form, error) -> None:
    """Show a refusal on the fields it is about, or at the top of the form."""
    fields = [name for name in error.fields if name in form.fields]
    for name in fields:
        form.add_error(name, error.message)
    if not fields:
        form.add_error(None, error.message)
