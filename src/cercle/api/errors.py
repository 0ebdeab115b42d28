"""Every refusal answers the same JSON shape, in the language of the request (French first):

    {"error": {"code": "...", "message": "...", "fields": {"field": ["...", ...]}}}

DRF's own errors (validation, authentication, throttling...) and the club's rules
(`DomainError`, raised by the same services the pages call) both go through `handle`.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from cercle.core.errors import DomainError

# Rules refusing who asks (403), or the state the thing is in (409); any other rule is a 400.
FORBIDDEN_CODES = {
    "forbidden",
    "not_member",
    "not_referent",
    "not_your_organisation",
}
CONFLICT_CODES = {
    "already_endorsed",
    "not_draft",
    "not_open",
    "closed",
    "not_yet_open",
    "started",
    "quota_reached",
}

MESSAGES = {
    "parse_error": _("The request body is not valid JSON."),
    "invalid": _("Some fields are not valid: see the messages for each field."),
    "not_found": _("Nothing was found at this address."),
    "permission_denied": _("You are not allowed to do this."),
}


def body(code: str, message, fields=None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def _flatten(detail) -> dict:
    """DRF's nested validation detail as {"field": ["message", ...]} (nested with dots)."""
    fields = {}

    def walk(prefix, value):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), item)
        elif isinstance(value, list) and value and not all(isinstance(v, str) for v in value):
            for index, item in enumerate(value):
                walk(f"{prefix}.{index}" if prefix else str(index), item)
        else:
            messages = value if isinstance(value, list) else [value]
            fields.setdefault(prefix or "non_field_errors", []).extend(str(m) for m in messages)

    walk("", detail)
    return fields


def domain_status(error: DomainError) -> int:
    if error.code in FORBIDDEN_CODES:
        return status.HTTP_403_FORBIDDEN
    if error.code in CONFLICT_CODES:
        return status.HTTP_409_CONFLICT
    return status.HTTP_400_BAD_REQUEST


def domain_response(error: DomainError) -> Response:
    fields = {field: [error.message] for field in error.fields}
    return Response(body(error.code, error.message, fields), status=domain_status(error))


def handle(exc, context):
    if isinstance(exc, DomainError):
        set_rollback()
        return domain_response(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(MESSAGES["not_found"])
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(MESSAGES["permission_denied"])
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    set_rollback()
    if isinstance(exc, exceptions.ValidationError):
        payload = body("invalid", MESSAGES["invalid"], _flatten(exc.detail))
    elif isinstance(exc, exceptions.ParseError):
        payload = body("parse_error", MESSAGES["parse_error"])
    else:
        code = exc.get_codes() if not isinstance(exc.detail, dict | list) else exc.default_code
        payload = body(str(code), exc.detail if isinstance(exc.detail, str) else exc.default_detail)
    return Response(payload, status=exc.status_code, headers=headers)
