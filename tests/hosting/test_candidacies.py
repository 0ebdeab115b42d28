from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cercle.core.errors import DomainError
from cercle.hosting import services
from cercle.hosting.models import Candidacy, CandidacyAttachment, HostingCall
from cercle.organisations.enums import OrganisationKind
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.hosting.factories import (
    answers_for,
    candidacy,
    html,
    make_call,
    odt,
    pdf,
    post_answers,
)

pytestmark = pytest.mark.django_db


def apply_url(call):
    return reverse("hosting:apply", kwargs={"pk": call.pk})


def test_referent_of_active_member_applies_and_sees_confirmation(client, organisation, referent):
    call = make_call()
    client.force_login(referent)

    response = client.post(
        apply_url(call), post_answers(call, organisation=organisation.pk), follow=True
    )

    made = Candidacy.objects.get(call=call)
    assert made.organisation == organisation
    assert made.answers.count() == 3
    assert "a été déposée" in response.content.decode()


def test_apply_form_lists_every_question(client, referent):
    call = make_call()
    client.force_login(referent)

    page = client.get(apply_url(call)).content.decode()

    for question in call.questions.all():
        assert question.text in page


def test_agent_may_not_apply(client, agent):
    call = make_call()
    client.force_login(agent)

    assert client.get(apply_url(call)).status_code == 403
    assert client.post(apply_url(call), post_answers(call)).status_code == 403
    assert not Candidacy.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, db):
    call = make_call()

    response = client.post(apply_url(call), post_answers(call))

    assert response.status_code == 302 and "/connexion/" in response["Location"]
    assert not Candidacy.objects.exists()


def test_vendor_referent_may_not_apply(client):
    vendor = OrganisationFactory(kind=OrganisationKind.VENDOR)
    person = referent_of(vendor)
    call = make_call()
    client.force_login(person)

    assert client.get(apply_url(call)).status_code == 403
    with pytest.raises(DomainError) as error:
        services.submit_candidacy(
            call=call, organisation=vendor, person=person, answers=answers_for(call)
        )
    assert error.value.code == "forbidden"


def test_referent_of_inactive_organisation_may_not_apply(client):
    former = OrganisationFactory(is_active=False)
    person = referent_of(former)
    call = make_call()
    client.force_login(person)

    assert client.get(apply_url(call)).status_code == 403


def test_referent_may_not_apply_for_another_organisation(organisation, referent):
    other = OrganisationFactory()
    call = make_call()

    with pytest.raises(DomainError) as error:
        services.submit_candidacy(
            call=call, organisation=other, person=referent, answers=answers_for(call)
        )
    assert error.value.code == "forbidden"


def test_staff_person_may_not_apply_for_the_vendor(client, staff):
    call = make_call()
    client.force_login(staff)

    assert client.get(apply_url(call)).status_code == 403


def test_second_candidacy_of_an_organisation_is_refused(organisation, referent):
    call = make_call()
    services.submit_candidacy(
        call=call, organisation=organisation, person=referent, answers=answers_for(call)
    )
    other_referent = referent_of(organisation)

    with pytest.raises(DomainError) as error:
        services.submit_candidacy(
            call=call, organisation=organisation, person=other_referent, answers=answers_for(call)
        )

    assert error.value.code == "already_applied"
    assert Candidacy.objects.filter(call=call).count() == 1


def test_database_refuses_two_candidacies_of_one_organisation(organisation):
    call = make_call()
    Candidacy.objects.create(call=call, organisation=organisation)

    with pytest.raises(IntegrityError), transaction.atomic():
        Candidacy.objects.create(call=call, organisation=organisation)


def test_apply_page_leads_to_existing_candidacy(client, organisation, referent):
    call = make_call()
    made = candidacy(call, organisation, referent=referent)
    client.force_login(referent)

    response = client.get(apply_url(call))

    assert response.status_code == 302 and response["Location"] == made.get_absolute_url()


def test_missing_answer_is_shown_next_to_its_question(client, organisation, referent):
    call = make_call()
    client.force_login(referent)
    data = post_answers(call, organisation=organisation.pk)
    first = call.questions.first()
    data[f"q_{first.pk}"] = "  "

    response = client.post(apply_url(call), data)

    assert response.status_code == 200
    assert f'aria-describedby="id_q_{first.pk}_error"' in response.content.decode()
    assert not Candidacy.objects.exists()


def test_after_closing_candidacy_is_refused_in_french_and_typed_text_kept(
    client, organisation, referent
):
    call = make_call()
    client.force_login(referent)
    page = client.get(apply_url(call))
    assert page.status_code == 200
    HostingCall.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - timedelta(days=5), closes_at=timezone.now() - timedelta(minutes=1)
    )

    response = client.post(
        apply_url(call), post_answers(call, "Salle de 300 places", organisation=organisation.pk)
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "L’appel à candidatures est clos depuis le" in text
    assert "Salle de 300 places" in text
    assert not Candidacy.objects.exists()


def test_before_opening_candidacy_is_refused(client, organisation, referent):
    call = make_call(phase="upcoming")
    client.force_login(referent)

    response = client.post(apply_url(call), post_answers(call, organisation=organisation.pk))

    assert "Les candidatures ouvrent le" in response.content.decode()
    assert not Candidacy.objects.exists()
    with pytest.raises(DomainError) as error:
        services.submit_candidacy(
            call=call, organisation=organisation, person=referent, answers=answers_for(call)
        )
    assert error.value.code == "call_not_open"


def test_referent_edits_own_candidacy_while_open(client, organisation, referent):
    call = make_call()
    made = candidacy(call, organisation, referent=referent)
    client.force_login(referent)

    response = client.post(made.get_absolute_url(), post_answers(call, "Modifié"))

    assert response.status_code == 302
    assert all(answer.text.startswith("Modifié") for answer in made.answers.all())


def test_referent_may_not_edit_after_closing(client, organisation, referent):
    call = make_call(phase="closed")
    made = candidacy(call, organisation, referent=referent)
    client.force_login(referent)

    response = client.post(made.get_absolute_url(), post_answers(call, "Trop tard"))

    assert "L’appel à candidatures est clos" in response.content.decode()
    assert "Trop tard" in response.content.decode()
    assert not made.answers.filter(text__startswith="Trop tard").exists()
    with pytest.raises(DomainError) as error:
        services.update_candidacy(candidacy=made, person=referent, answers=answers_for(call))
    assert error.value.code == "call_closed"


def test_referent_of_another_organisation_neither_sees_nor_edits(client):
    call = make_call()
    made = candidacy(call)
    outsider = referent_of(OrganisationFactory())
    client.force_login(outsider)

    assert client.get(made.get_absolute_url()).status_code == 404
    assert client.post(made.get_absolute_url(), post_answers(call, "Piraté")).status_code == 404
    with pytest.raises(DomainError):
        services.update_candidacy(candidacy=made, person=outsider, answers=answers_for(call))
    assert not made.answers.filter(text__startswith="Piraté").exists()


def test_agent_of_candidate_organisation_does_not_see_it(client, organisation):
    call = make_call()
    made = candidacy(call, organisation)
    client.force_login(agent_of(organisation))

    assert client.get(made.get_absolute_url()).status_code == 404


def test_staff_see_every_candidacy(client, staff):
    call = make_call()
    first, second = candidacy(call), candidacy(call)
    client.force_login(staff)

    page = client.get(call.get_absolute_url()).content.decode()

    assert first.organisation.name in page and second.organisation.name in page
    assert client.get(first.get_absolute_url()).status_code == 200


def test_others_see_no_candidacy_before_the_decision(client):
    call = make_call(phase="closed")
    made = candidacy(call)
    client.force_login(referent_of(OrganisationFactory()))

    page = client.get(call.get_absolute_url()).content.decode()

    assert made.organisation.name not in page
    assert client.get(reverse("hosting:decision", kwargs={"pk": call.pk})).status_code == 404


def test_after_the_decision_others_see_decision_and_reasons_only(client, staff):
    call = make_call(phase="closed")
    chosen, other = candidacy(call), candidacy(call)
    services.decide(call=call, candidacy=chosen, reasons="Salle accessible.", actor=staff)

    page = client.get(reverse("hosting:decision", kwargs={"pk": call.pk})).content.decode()

    assert chosen.organisation.name in page and "Salle accessible." in page
    assert other.organisation.name not in page
    assert other.organisation.name not in client.get(call.get_absolute_url()).content.decode()
    assert client.get(other.get_absolute_url()).status_code == 302  # anonymous: sign in
    client.force_login(referent_of(OrganisationFactory()))
    assert client.get(chosen.get_absolute_url()).status_code == 404


def test_pdf_and_odt_attachments_are_accepted(client, organisation, referent):
    call = make_call()
    client.force_login(referent)
    client.post(apply_url(call), post_answers(call, organisation=organisation.pk, attachment=pdf()))
    made = Candidacy.objects.get()

    client.post(made.get_absolute_url(), post_answers(call, attachment=odt()))

    assert sorted(a.original_name for a in made.attachments.all()) == ["dossier.pdf", "lettre.odt"]


def test_attachment_of_wrong_type_is_refused_and_answers_kept(client, organisation, referent):
    call = make_call()
    client.force_login(referent)

    response = client.post(
        apply_url(call),
        post_answers(call, "Gymnase", organisation=organisation.pk, attachment=html()),
    )

    text = response.content.decode()
    assert "Ce type de fichier n’est pas accepté" in text
    assert "Gymnase" in text
    assert not Candidacy.objects.exists()


def test_attachment_too_large_is_refused(client, organisation, referent, settings):
    settings.ATTACHMENT_MAX_SIZE = 100
    call = make_call()
    client.force_login(referent)

    response = client.post(
        apply_url(call), post_answers(call, organisation=organisation.pk, attachment=pdf(size=200))
    )

    assert "trop volumineux" in response.content.decode()
    assert not CandidacyAttachment.objects.exists()


def _with_attachment(call, organisation, referent):
    made = candidacy(call, organisation, referent=referent)
    services.update_candidacy(
        candidacy=made, person=referent, answers=answers_for(call), upload=pdf()
    )
    attachment = made.attachments.get()
    return made, reverse(
        "hosting:attachment",
        kwargs={"pk": call.pk, "candidacy": made.pk, "attachment": attachment.pk},
    )


def test_attachment_served_to_its_referents_and_staff(client, organisation, referent):
    call = make_call()
    _made, url = _with_attachment(call, organisation, referent)

    client.force_login(referent)
    own = client.get(url)
    client.force_login(StaffFactory())
    staff = client.get(url)

    assert own.status_code == 200 and own["Content-Type"] == "application/pdf"
    assert own["X-Content-Type-Options"] == "nosniff"
    assert staff.status_code == 200


def test_attachment_refused_to_others(client, organisation, referent):
    call = make_call()
    _made, url = _with_attachment(call, organisation, referent)

    anonymous = client.get(url)
    client.force_login(referent_of(OrganisationFactory()))
    outsider = client.get(url)
    client.force_login(agent_of(organisation))
    agent = client.get(url)

    assert anonymous.status_code == 302
    assert outsider.status_code == 404 and agent.status_code == 404


def test_referent_removes_own_attachment_while_open(client, organisation, referent):
    call = make_call()
    made, _url = _with_attachment(call, organisation, referent)
    attachment = made.attachments.get()
    client.force_login(referent)

    client.post(
        reverse(
            "hosting:attachment_delete",
            kwargs={"pk": call.pk, "candidacy": made.pk, "attachment": attachment.pk},
        )
    )

    assert not made.attachments.exists()


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("hosting:call", {"pk": 999}),
        ("hosting:apply", {"pk": 999}),
        ("hosting:candidacy", {"pk": 999, "candidacy": 999}),
        ("hosting:attachment", {"pk": 999, "candidacy": 999, "attachment": 999}),
        ("hosting:decide", {"pk": 999}),
        ("hosting:decision", {"pk": 999}),
        ("hosting:handover", {"slug": "inconnue"}),
        ("hosting:documents", {"slug": "inconnue"}),
        ("hosting:document", {"slug": "inconnue", "pk": 999}),
        ("hosting:call", {"pk": 10**30}),
        ("hosting:candidacy", {"pk": 10**30, "candidacy": 10**30}),
    ],
)
def test_bad_ids_answer_404(client, name, kwargs, organisation, referent):
    client.force_login(StaffFactory())

    assert client.get(reverse(name, kwargs=kwargs)).status_code == 404


def test_decision_form_with_unknown_candidacy_is_a_form_error(client, staff):
    call = make_call(phase="closed")
    candidacy(call)
    client.force_login(staff)

    response = client.post(
        reverse("hosting:decide", kwargs={"pk": call.pk}), {"candidacy": "abc", "reasons": "x"}
    )

    assert response.status_code == 200
    assert 'aria-describedby="id_candidacy_error"' in response.content.decode()
