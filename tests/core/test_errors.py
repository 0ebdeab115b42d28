from django.utils import translation
from django.utils.translation import gettext_lazy

from cercle.core.errors import DomainError


def test_message_is_filled_from_params_in_the_active_language():
    error = DomainError("full", gettext_lazy("Workshop %(title)s is full."), title="Atelier")
    assert error.code == "full"
    with translation.override("en"):
        assert error.message == "Workshop Atelier is full."


def test_default_message_and_fields():
    error = DomainError("missing", fields=["title"])
    assert error.message and error.fields == ["title"]
    assert str(error) == "missing"
