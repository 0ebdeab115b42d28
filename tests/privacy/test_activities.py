from django.urls import reverse


def test_processing_page_lists_purposes_bases_durations_recipients(client, db, settings):
    settings.PRIVACY_RETENTION_DAYS = 45

    response = client.get(reverse("privacy:activities"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Données personnelles</h1>" in page
    for heading in ("Finalités", "Base légale", "Durée", "Destinataires"):
        assert heading in page
    assert "45 jours après le dernier jour de la rencontre" in page


def test_footer_links_to_the_processing_page(client, db):
    page = client.get(reverse("accounts:login")).content.decode()

    assert f'href="{reverse("privacy:activities")}"' in page


def test_processing_page_in_english(client, db):
    client.cookies["django_language"] = "en"

    page = client.get(reverse("privacy:activities")).content.decode()

    assert "Legal basis" in page
