import pytest
from django.core.exceptions import ValidationError

from cercle.organisations.forms import OrganisationForm
from cercle.organisations.validators import validate_siren


@pytest.mark.parametrize("siren", ["732829320", "552 100 554", "200046977"])
def test_validate_siren_accepts_valid_numbers(siren):
    validate_siren(siren)


@pytest.mark.parametrize(
    ("siren", "code"),
    [
        ("732829321", "siren_checksum"),
        ("12345678", "siren_format"),
        ("1234567890", "siren_format"),
        ("73282932A", "siren_format"),
    ],
)
def test_validate_siren_refuses_invalid_numbers(siren, code):
    with pytest.raises(ValidationError) as error:
        validate_siren(siren)
    assert error.value.code == code


def test_organisation_form_normalises_siren_spaces(db):
    form = OrganisationForm(
        {"name": "Ville", "slug": "ville", "kind": "commune", "siren": "732 829 320"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["siren"] == "732829320"


def test_organisation_form_shows_checksum_error(db):
    form = OrganisationForm(
        {"name": "Ville", "slug": "ville", "kind": "commune", "siren": "732829321"}
    )
    assert not form.is_valid()
    assert "clé de contrôle" in form.errors["siren"][0]
