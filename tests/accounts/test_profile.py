from django.urls import reverse

from tests.factories import UserFactory


def test_profile_requires_sign_in(client, db):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_profile_saves_name_and_language(client, db):
    user = UserFactory(display_name="Ancien Nom")
    client.force_login(user)
    client.post(reverse("accounts:profile"), {"display_name": "Nouveau Nom", "language": "en"})
    user.refresh_from_db()
    assert (user.display_name, user.language) == ("Nouveau Nom", "en")


def test_profile_language_applies_to_every_page(client, db):
    client.force_login(UserFactory(language="en"))
    assert '<html lang="en">' in client.get("/").content.decode()


def test_profile_rejects_empty_name_and_keeps_input(client, db):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:profile"), {"display_name": "", "language": "en"})
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'id="id_display_name_error"' in html


def test_language_switch_saves_preference_when_signed_in(client, db):
    user = UserFactory(language="fr")
    client.force_login(user)
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
