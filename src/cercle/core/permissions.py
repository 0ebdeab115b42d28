"""Who may do what, in plain functions that services and views both call."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def is_vendor_staff(user) -> bool:
    """Vendor staff: active people with the staff flag (members of the vendor organisation)."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_vendor_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
