import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercle.core.errors import DomainError
from cercle.hosting import services
from cercle.hosting.enums import DocumentVisibility
from cercle.hosting.models import WorkingDocument
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.hosting.factories import candidacy, html, make_call, odt, pdf, previous_meeting

pytestmark = pytest.mark.django_db


def documents_url(meeting):
    return reverse("hosting:documents", kwargs={"slug": meeting.slug})


def document_url(document):
    return reverse("hosting:document", kwargs={"slug": document.meeting.slug, "pk": document.pk})


def add(meeting, actor, visibility=DocumentVisibility.HOSTS, title="Budget"):
    return services.add_document(
        meeting=meeting, actor=actor, title=title, upload=pdf(), visibility=visibility
    )


def test_host_referent_uploads_a_working_document(client):
    meeting = previous_meeting()
    referent = referent_of(meeting.host)
    client.force_login(referent)

    response = client.post(
        documents_url(meeting),
        {"title": "Rétroplanning", "file": odt(), "visibility": DocumentVisibility.HOSTS},
    )

    assert response.status_code == 302
    document = WorkingDocument.objects.get()
    assert document.original_name == "lettre.odt" and document.added_by == referent


def test_file_of_wrong_type_is_refused(client):
    meeting = previous_meeting()
    client.force_login(referent_of(meeting.host))

    response = client.post(
        documents_url(meeting),
        {"title": "Page", "file": html(), "visibility": DocumentVisibility.PUBLIC},
    )

    assert "Ce type de fichier n’est pas accepté" in response.content.decode()
    assert not WorkingDocument.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "agent", "anonymous"])
def test_others_may_not_upload(client, who):
    meeting = previous_meeting()
    if who == "outsider":
        client.force_login(referent_of(OrganisationFactory()))
    elif who == "agent":
        client.force_login(agent_of(meeting.host))

    response = client.post(
        documents_url(meeting),
        {"title": "Intrus", "file": pdf(), "visibility": DocumentVisibility.PUBLIC},
    )

    assert response.status_code in (302, 404)
    assert not WorkingDocument.objects.exists()
    with pytest.raises(DomainError):
        add(meeting, referent_of(OrganisationFactory()))


def test_public_document_served_to_anyone(client):
    meeting = previous_meeting()
    document = add(meeting, StaffFactory(), visibility=DocumentVisibility.PUBLIC)

    response = client.get(document_url(document))

    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"


def test_hosts_document_refused_to_anonymous_and_other_referents(client):
    meeting = previous_meeting()
    document = add(meeting, referent_of(meeting.host))

    assert client.get(document_url(document)).status_code == 302
    client.force_login(referent_of(OrganisationFactory()))
    assert client.get(document_url(document)).status_code == 404
    assert "Budget" not in client.get(documents_url(meeting)).content.decode()
    client.force_login(agent_of(meeting.host))
    assert client.get(document_url(document)).status_code == 404


def test_previous_host_documents_reach_the_new_host_once_chosen(client):
    previous = previous_meeting()
    document = add(previous, referent_of(previous.host))
    call = make_call(phase="closed")
    new_host = OrganisationFactory()
    new_referent = referent_of(new_host)
    chosen = candidacy(call, new_host, referent=new_referent)
    client.force_login(new_referent)
    assert client.get(document_url(document)).status_code == 404

    meeting = services.decide(call=call, candidacy=chosen, reasons="Oui.", actor=StaffFactory())

    assert client.get(document_url(document)).status_code == 200
    assert "Budget" in client.get(documents_url(previous)).content.decode()
    # Another candidate that was not chosen still sees nothing.
    loser = candidacy(make_call(phase="closed", edition=20))
    client.force_login(referent_of(loser.organisation))
    assert client.get(document_url(document)).status_code == 404
    # The new host may read the previous host's documents, not add to them.
    with pytest.raises(DomainError):
        add(previous, new_referent)
    # The previous host does not read the new host's hosts-only documents.
    own = add(meeting, new_referent, title="Plan de salle")
    client.force_login(referent_of(previous.host))
    assert client.get(document_url(own)).status_code == 404


def test_documents_list_queries_do_not_grow():
    meeting = previous_meeting()
    referent = referent_of(meeting.host)
    add(meeting, referent)
    from django.test import Client

    client = Client()
    client.force_login(referent)
    with CaptureQueriesContext(connection) as few:
        client.get(documents_url(meeting))
    for index in range(5):
        add(meeting, referent, title=f"Document {index}")
    with CaptureQueriesContext(connection) as many:
        client.get(documents_url(meeting))

    assert len(many) == len(few)


def test_referent_removes_a_document(client):
    meeting = previous_meeting()
    referent = referent_of(meeting.host)
    document = add(meeting, referent)
    client.force_login(referent)

    client.post(
        reverse("hosting:document_delete", kwargs={"slug": meeting.slug, "pk": document.pk})
    )

    assert not WorkingDocument.objects.exists()


def test_outsider_may_not_remove_a_public_document(client):
    meeting = previous_meeting()
    document = add(meeting, referent_of(meeting.host), visibility=DocumentVisibility.PUBLIC)
    client.force_login(referent_of(OrganisationFactory()))

    response = client.post(
        reverse("hosting:document_delete", kwargs={"slug": meeting.slug, "pk": document.pk})
    )

    assert response.status_code == 403
    assert WorkingDocument.objects.exists()
