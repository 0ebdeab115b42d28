from django.conf import settings

from cercle.core.permissions import is_vendor_staff


def site(request):
    return {
        "is_vendor_staff": is_vendor_staff(getattr(request, "user", None)),
        "site_url": settings.SITE_URL,
    }
