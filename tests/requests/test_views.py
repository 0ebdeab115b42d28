import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercle.requests.enums import Status
from cercle.requests.models import Attachment, ImprovementRequest
from tests.factories import OrganisationFactory, StaffFactory, UserFactory, agent_of, referent_of
from tests.requests.factories import (
    COMPLETE,
    TermFactory,
    draft,
    endorse_by_new_organisations,
    filed,
)


def url(name, improvement, *args):
    return reverse(f"requests:{name}", args=[improvement.reference, *args])


def count_queries(client, path):
    reset_queries()
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context)


# Filing


def test_agent_files_and_submits_a_request(client, db):
    organisation = OrganisationFactory()
    agent = agent_of(organisation)
    module = TermFactory(name="Combo", slug="combo", synonym="portail")
    client.force_login(agent)
    response = client.post(
        reverse("requests:new"),
        {**COMPLETE, "organisation": organisation.pk, "modules": [module.pk], "action": "submit"},
    )
    improvement = ImprovementRequest.objects.get()
    assert response["Location"] == improvement.get_absolute_url()
    assert (improvement.status, improvement.author) == (Status.SUBMITTED, agent)
    assert list(improvement.modules.all()) == [module]


def test_incomplete_submission_keeps_text_as_draft_and_shows_errors(client, db):
    organisation = OrganisationFactory()
    client.force_login(agent_of(organisation))
    response = client.post(
        reverse("requests:new"),
        {**COMPLETE, "affected": "", "organisation": organisation.pk, "action": "submit"},
    )
    html = response.content.decode()
    assert ImprovementRequest.objects.get().status == Status.DRAFT
    assert 'id="id_affected_error"' in html
    assert COMPLETE["frequency"] in html


def test_draft_saved_and_finished_later(client, db):
    organisation = OrganisationFactory()
    agent = agent_of(organisation)
    client.force_login(agent)
    client.post(
        reverse("requests:new"),
        {"title": "Une idée", "organisation": organisation.pk, "action": "draft"},
    )
    improvement = ImprovementRequest.objects.get()
    client.post(url("edit", improvement), {**COMPLETE, "action": "submit"})
    improvement.refresh_from_db()
    assert improvement.status == Status.SUBMITTED


def test_filing_refused_for_person_without_organisation(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("requests:new")).status_code == 403


def test_filing_for_someone_elses_organisation_refused(client, db):
    mine, other = OrganisationFactory(), OrganisationFactory()
    client.force_login(agent_of(mine))
    response = client.post(
        reverse("requests:new"), {**COMPLETE, "organisation": other.pk, "action": "draft"}
    )
    assert response.status_code == 200
    assert ImprovementRequest.objects.count() == 0


def test_filing_page_redirects_anonymous(client, db):
    assert client.get(reverse("requests:new")).status_code == 302


# Drafts and visibility


def test_draft_visible_to_filing_organisation_members(client, db):
    improvement = draft()
    client.force_login(agent_of(improvement.organisation))
    assert client.get(improvement.get_absolute_url()).status_code == 200


def test_draft_visible_to_staff(client, db):
    client.force_login(StaffFactory())
    assert client.get(draft().get_absolute_url()).status_code == 200


def test_draft_hidden_from_other_organisations_and_anonymous(client, db):
    improvement = draft()
    assert client.get(improvement.get_absolute_url()).status_code == 404
    client.force_login(referent_of(OrganisationFactory()))
    assert client.get(improvement.get_absolute_url()).status_code == 404


def test_edit_refused_to_other_organisation_referent(client, db):
    improvement = draft()
    client.force_login(referent_of(OrganisationFactory()))
    assert client.get(url("edit", improvement)).status_code == 403


def test_edit_refused_to_author_once_submitted(client, db):
    improvement = filed()
    client.force_login(improvement.author)
    assert client.get(url("edit", improvement)).status_code == 403


def test_filed_request_is_public_with_progress(client, db):
    improvement = filed()
    endorse_by_new_organisations(improvement, 1)
    html = client.get(improvement.get_absolute_url()).content.decode()
    assert improvement.reference in html
    assert "2 sur 3 organisations" in html


# Endorsing


def test_referent_endorses_through_the_page(client, db):
    improvement = filed()
    organisation = OrganisationFactory()
    client.force_login(referent_of(organisation))
    client.post(
        url("endorse", improvement), {"organisation": organisation.pk, "use_case": "Nous aussi"}
    )
    assert improvement.endorsements.filter(organisation=organisation).exists()


def test_agent_cannot_endorse(client, db):
    improvement = filed()
    organisation = OrganisationFactory()
    client.force_login(agent_of(organisation))
    response = client.post(
        url("endorse", improvement), {"organisation": organisation.pk, "use_case": "x"}
    )
    assert response.status_code == 403
    assert not improvement.endorsements.filter(organisation=organisation).exists()


def test_staff_without_referent_role_cannot_endorse(client, db):
    improvement = filed()
    client.force_login(StaffFactory())
    response = client.post(
        url("endorse", improvement),
        {"organisation": OrganisationFactory().pk, "use_case": "x"},
    )
    assert response.status_code == 403


def test_endorse_without_use_case_keeps_form(client, db):
    improvement = filed()
    organisation = OrganisationFactory()
    client.force_login(referent_of(organisation))
    response = client.post(url("endorse", improvement), {"organisation": organisation.pk})
    assert response.status_code == 400
    assert 'id="id_use_case_error"' in response.content.decode()


def test_anonymous_cannot_endorse(client, db):
    improvement = filed()
    response = client.post(url("endorse", improvement), {"use_case": "x"})
    assert response.status_code == 302
    assert improvement.endorsements.count() == 1


def test_referent_withdraws_own_endorsement(client, db):
    improvement = filed()
    (organisation,) = endorse_by_new_organisations(improvement, 1)
    client.force_login(organisation.memberships.get().user)
    client.post(url("withdraw", improvement, organisation.slug))
    assert not improvement.endorsements.filter(organisation=organisation).exists()


def test_other_referent_cannot_withdraw(client, db):
    improvement = filed()
    (organisation,) = endorse_by_new_organisations(improvement, 1)
    client.force_login(referent_of(OrganisationFactory()))
    response = client.post(url("withdraw", improvement, organisation.slug))
    assert response.status_code == 403
    assert improvement.endorsements.filter(organisation=organisation).exists()


# +1, comments, following


def test_signed_in_person_gives_plus_one(client, db):
    improvement = filed()
    client.force_login(UserFactory())
    client.post(url("support", improvement))
    improvement.refresh_from_db()
    assert improvement.support_count == 1


def test_anonymous_cannot_plus_one(client, db):
    improvement = filed()
    client.post(url("support", improvement))
    improvement.refresh_from_db()
    assert improvement.support_count == 0


def test_comment_published_and_rendered_safely(client, db):
    improvement = filed()
    client.force_login(UserFactory())
    client.post(url("comment", improvement), {"body": "**Oui** <script>alert(1)</script>"})
    html = client.get(improvement.get_absolute_url()).content.decode()
    assert "<strong>Oui</strong>" in html
    assert "<script>alert(1)" not in html


def test_empty_comment_refused_with_error(client, db):
    improvement = filed()
    client.force_login(UserFactory())
    response = client.post(url("comment", improvement), {"body": ""})
    assert response.status_code == 400
    assert 'id="id_body_error"' in response.content.decode()


def test_unfollow_through_the_page(client, db):
    improvement = filed()
    client.force_login(improvement.author)
    client.post(url("follow", improvement), {"follow": "0"})
    assert not improvement.follows.get(user=improvement.author).active


# Triage


def test_staff_changes_status_with_public_reason(client, db):
    improvement = filed()
    client.force_login(StaffFactory())
    client.post(
        url("status", improvement), {"status-status": "declined", "status-reason": "Déjà prévu"}
    )
    html = client.get(improvement.get_absolute_url()).content.decode()
    assert "Déjà prévu" in html
    improvement.refresh_from_db()
    assert improvement.status == Status.DECLINED


@pytest.mark.parametrize("role", ["referent", "agent", "anonymous"])
def test_non_staff_cannot_change_status(client, db, role):
    improvement = filed()
    if role == "referent":
        client.force_login(improvement.author)
    elif role == "agent":
        client.force_login(agent_of(improvement.organisation))
    response = client.post(
        url("status", improvement), {"status-status": "declined", "status-reason": "x"}
    )
    assert response.status_code in {302, 403}
    improvement.refresh_from_db()
    assert improvement.status == Status.SUBMITTED


def test_staff_merges_and_duplicate_redirects(client, db):
    kept, duplicate = filed(), filed()
    client.force_login(StaffFactory())
    client.post(url("merge", duplicate), {"merge-into": kept.reference.lower()})
    response = client.get(duplicate.get_absolute_url())
    assert (response.status_code, response["Location"]) == (301, kept.get_absolute_url())


def test_merge_into_unknown_reference_keeps_form(client, db):
    duplicate = filed()
    client.force_login(StaffFactory())
    response = client.post(url("merge", duplicate), {"merge-into": "D-1999-0001"})
    assert response.status_code == 400
    assert "D-1999-0001" in response.content.decode()


def test_non_staff_cannot_merge(client, db):
    kept, duplicate = filed(), filed()
    client.force_login(referent_of(OrganisationFactory()))
    assert client.post(url("merge", duplicate), {"merge-into": kept.reference}).status_code == 403


def test_triage_queues_for_staff(client, db):
    new = filed(title="Nouvelle demande")
    asked = filed(title="Demande à préciser")
    client.force_login(StaffFactory())
    client.post(url("question", asked), {"question-question": "Combien de cas ?"})
    new_queue = client.get(reverse("requests:triage")).content.decode()
    info_queue = client.get(reverse("requests:triage"), {"file": "needs_info"}).content.decode()
    assert new.reference in new_queue and asked.reference not in new_queue
    assert asked.reference in info_queue


def test_triage_refused_to_referent(client, db):
    client.force_login(referent_of(OrganisationFactory()))
    assert client.get(reverse("requests:triage")).status_code == 403


# Attachments


def _ooxml(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


def _post_with_file(client, organisation, uploaded):
    return client.post(
        reverse("requests:new"),
        {**COMPLETE, "organisation": organisation.pk, "action": "draft", "attachment": uploaded},
    )


def test_pdf_attachment_accepted_and_downloadable(client, db):
    organisation = OrganisationFactory()
    client.force_login(agent_of(organisation))
    _post_with_file(client, organisation, SimpleUploadedFile("note.pdf", b"%PDF-1.7\n%..."))
    attachment = Attachment.objects.get()
    response = client.get(url("attachment", attachment.request, attachment.pk))
    assert attachment.mimetype == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


def test_docx_recognised_by_content(client, db):
    organisation = OrganisationFactory()
    client.force_login(agent_of(organisation))
    _post_with_file(client, organisation, SimpleUploadedFile("cahier.docx", _ooxml("word")))
    assert Attachment.objects.get().mimetype.endswith("wordprocessingml.document")


def test_disguised_executable_refused(client, db):
    organisation = OrganisationFactory()
    client.force_login(agent_of(organisation))
    response = _post_with_file(
        client, organisation, SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 not a pdf")
    )
    assert "type de fichier n’est pas accepté" in response.content.decode()
    assert Attachment.objects.count() == 0
    assert ImprovementRequest.objects.get().title == COMPLETE["title"]


def test_too_large_attachment_refused(client, db, settings):
    settings.ATTACHMENT_MAX_SIZE = 100
    organisation = OrganisationFactory()
    client.force_login(agent_of(organisation))
    response = _post_with_file(
        client, organisation, SimpleUploadedFile("gros.pdf", b"%PDF-" + b"0" * 200)
    )
    assert "trop volumineux" in response.content.decode()
    assert Attachment.objects.count() == 0


# Query counts


def test_list_query_count_constant(client, db):
    module = TermFactory()
    for _ in range(2):
        filed().modules.add(module)
    small = count_queries(client, reverse("requests:list"))
    for _ in range(12):
        improvement = filed()
        improvement.modules.add(module, TermFactory())
        endorse_by_new_organisations(improvement, 2)
    assert count_queries(client, reverse("requests:list")) == small


def test_detail_query_count_constant(client, db):
    improvement = filed()
    client.force_login(referent_of(OrganisationFactory()))
    small = count_queries(client, improvement.get_absolute_url())
    endorse_by_new_organisations(improvement, 5)
    for _ in range(4):
        client.post(url("comment", improvement), {"body": "Un commentaire"})
    improvement.modules.add(TermFactory(), TermFactory())
    assert count_queries(client, improvement.get_absolute_url()) == small


def test_organisation_page_lists_filed_and_endorsed_requests(client, db):
    mine = filed()
    other = filed()
    services_org = mine.organisation
    from cercle.requests import services

    services.endorse(
        improvement=other,
        organisation=services_org,
        person=mine.author,
        use_case="Aussi chez nous",
    )
    html = client.get(services_org.get_absolute_url()).content.decode()
    filed_part, endorsed_part = html.split("Demandes appuyées")
    assert mine.reference in filed_part
    assert other.reference in endorsed_part
