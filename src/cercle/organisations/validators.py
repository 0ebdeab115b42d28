from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_siren(value: str) -> str:
    return "".join(value.split())


def validate_siren(value: str) -> None:
    """A SIREN is 9 digits whose Luhn checksum is valid (spaces are tolerated)."""
    digits = normalise_siren(value)
    if len(digits) != 9 or not digits.isdigit():
        raise ValidationError(_("A SIREN number has exactly 9 digits."), code="siren_format")
    if not luhn_valid(digits):
        raise ValidationError(
            _("This SIREN number is not valid (its check digit does not match)."),
            code="siren_checksum",
        )
