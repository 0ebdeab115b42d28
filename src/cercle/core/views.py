from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from cercle.organisations.enums import OrganisationKind
from cercle.organisations.models import Organisation


def home(request):
    members = Organisation.objects.filter(is_active=True).exclude(kind=OrganisationKind.VENDOR)
    return render(
        request,
        "core/home.html",
        {
            "member_count": members.count(),
            "recent_members": members.filter(member_since__isnull=False).order_by(
                "-member_since", "name"
            )[:6],
        },
    )


def accessibility(request):
    return render(request, "core/accessibility.html")


def floor(request):
    """A minimal page on the base template: the benchmark's reference point."""
    return render(request, "core/floor.html")


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
