import re
from collections import Counter

import markdown
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse

from cercle.organisations.enums import OrganisationKind
from cercle.requests import services
from cercle.requests.models import Attachment, Comment
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.requests.factories import COMPLETE, filed


def url(name, improvement, *args):
    return reverse(f"requests:{name}", args=[improvement.reference, *args])


def test_page_shows_stored_html_without_rendering_markdown(client, db, monkeypatch):
    improvement = filed(problem="**grave**")
    services.add_comment(improvement=improvement, author=improvement.author, body="*merci*")

    def refuse(*args, **kwargs):
        raise AssertionError("Markdown rendered while showing the page")

    monkeypatch.setattr(markdown, "markdown", refuse)
    monkeypatch.setattr(markdown.Markdown, "convert", refuse)
    html = client.get(improvement.get_absolute_url()).content.decode()
    assert "<strong>grave</strong>" in html
    assert "<em>merci</em>" in html


def test_hostile_comment_is_stored_rendered_once(client, db):
    improvement = filed()
    client.force_login(agent_of(OrganisationFactory()))
    hostile = "[" * 2500 + "a" + "](" * 1000
    client.post(url("comment", improvement), {"body": hostile})
    assert Comment.objects.get().body_html.startswith("<p>[[[")
    assert client.get(improvement.get_absolute_url()).status_code == 200


def test_too_long_comment_refused_in_french_keeping_text(client, db):
    improvement = filed()
    client.force_login(agent_of(OrganisationFactory()))
    response = client.post(url("comment", improvement), {"body": "é" * 5001})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ce texte est trop long : 5000 caractères au plus (il en compte 5001)." in html
    assert "é" * 5001 in html
    assert Comment.objects.count() == 0


def test_too_long_problem_refused_in_french_keeping_text(client, db):
    organisation = OrganisationFactory()
    client.force_login(agent_of(organisation))
    response = client.post(
        reverse("requests:new"),
        {**COMPLETE, "problem": "x" * 10_001, "organisation": organisation.pk, "action": "draft"},
    )
    assert response.status_code == 200
    assert "Ce texte est trop long : 10000 caractères au plus" in response.content.decode()


def test_vendor_endorsement_shown_apart_and_not_counted(client, db):
    improvement = filed()
    vendor = OrganisationFactory(name="Éditeur SCOP", kind=OrganisationKind.VENDOR)
    services.endorse(
        improvement=improvement,
        organisation=vendor,
        person=referent_of(vendor),
        use_case="Nous le voulons aussi.",
    )
    html = client.get(improvement.get_absolute_url()).content.decode()
    counted, apart = html.split("Également soutenue par")
    assert "1 sur 3 organisations" in counted
    assert "Éditeur SCOP" not in counted
    assert "Éditeur SCOP" in apart


def test_staff_page_has_unique_ids(client, db):
    improvement = filed()
    client.force_login(StaffFactory())
    html = client.get(improvement.get_absolute_url()).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [name for name, count in ids.items() if count > 1] == []
    for label_for in re.findall(r'<label for="([^"]+)"', html):
        assert ids[label_for] == 1


def test_attachment_served_under_its_detected_type(client, db):
    organisation = OrganisationFactory()
    client.force_login(agent_of(organisation))
    client.post(
        reverse("requests:new"),
        {
            **COMPLETE,
            "organisation": organisation.pk,
            "action": "draft",
            "attachment": SimpleUploadedFile("page.html", b"%PDF-1.7\n%...", "text/html"),
        },
    )
    attachment = Attachment.objects.get()
    response = client.get(url("attachment", attachment.request, attachment.pk))
    assert attachment.original_name == "page.pdf"
    assert attachment.file.name.endswith(".pdf")
    assert response["Content-Disposition"] == 'attachment; filename="page.pdf"'
    assert response["Content-Type"] == "application/pdf"


def test_older_attachment_with_misleading_name_served_by_type(client, db):
    improvement = filed()
    attachment = Attachment.objects.create(
        request=improvement,
        file=SimpleUploadedFile("page.html", b"%PDF-1.7"),
        original_name="page.html",
        mimetype="application/pdf",
        size=8,
    )
    response = client.get(url("attachment", improvement, attachment.pk))
    assert response["Content-Disposition"] == 'attachment; filename="page.pdf"'


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=999999",
        "page=-1",
        "page=1e9",
        "status=nimporte",
        "module=inconnu",
        "sort=hack",
        "eligible=peut-etre",
        "inconnu=1",
        "q=" + "a" * 5000,
        "q=%00%FF",
        "organisation=%27%3B--",
    ],
)
def test_list_never_answers_500_on_hostile_query(client, db, query):
    filed()
    expected = 400 if "%00" in query else 200  # NUL is refused before any view
    assert client.get(f"{reverse('requests:list')}?{query}").status_code == expected


@pytest.mark.parametrize("query", ["page=abc", "page=999999", "file=inconnu", "file=stale&page=0"])
def test_triage_never_answers_500_on_hostile_query(client, db, query):
    client.force_login(StaffFactory())
    assert client.get(f"{reverse('requests:triage')}?{query}").status_code == 200


@pytest.mark.parametrize("query", ["exclude=99999999999999999999", "title=" + "[" * 5000])
def test_similar_never_answers_500(client, db, query):
    assert client.get(f"{reverse('requests:similar')}?{query}").status_code == 200


def test_organisation_requests_tag_lists_filed_and_endorsed(db):
    mine = filed()
    other = filed()
    services.endorse(
        improvement=other,
        organisation=mine.organisation,
        person=referent_of(mine.organisation),
        use_case="Aussi chez nous",
    )
    template = Template("{% load cercle_requests %}{% organisation_requests organisation %}")
    html = template.render(Context({"organisation": mine.organisation}))
    filed_part, endorsed_part = html.split("Demandes appuyées")
    assert mine.reference in filed_part and other.reference not in filed_part
    assert other.reference in endorsed_part


def test_organisation_requests_tag_for_organisation_without_requests(db):
    template = Template("{% load cercle_requests %}{% organisation_requests organisation %}")
    html = template.render(Context({"organisation": OrganisationFactory()}))
    assert "Aucune demande déposée pour l’instant." in html
    assert "Aucune demande appuyée pour l’instant." in html
