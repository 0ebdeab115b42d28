"""Requests no page could ever handle are refused before any view sees them."""

from django.core.exceptions import BadRequest


class RefuseNulCharactersMiddleware:
    """A NUL character in a query string or a form answers 400, never 500.

    PostgreSQL text cannot hold NUL: a search, a filter or a page number carrying ``%00``
    would reach the database and fail there. Forms refuse NUL already
    (ProhibitNullCharactersValidator); this covers every value a view reads directly.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET):
            raise BadRequest("NUL character in the request")
        if request.method == "POST" and _is_form(request) and _has_nul(request.POST):
            raise BadRequest("NUL character in the form")
        return self.get_response(request)


def _is_form(request) -> bool:
    return request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in v for v in data.getlist(key)) for key in data)
