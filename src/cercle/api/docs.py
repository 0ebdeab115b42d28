"""Browsable API docs: Swagger UI from our own static files (the sidecar package), started by
a static script, since the Content-Security-Policy refuses inline scripts and styles."""

from django.shortcuts import render
from django.urls import reverse


def docs(request):
    return render(request, "api/docs.html", {"schema_url": reverse("api:schema")})
