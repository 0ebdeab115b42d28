import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercle.funding.models import Pledge
from cercle.outbox.models import Message
from cercle.privacy.services import export_for
from cercle.questions.models import Question
from cercle.requests.models import Comment
from cercle.requests.models import Support as RequestSupport
from tests.factories import PASSWORD
from tests.funding.factories import costed_item
from tests.requests.factories import filed


def records(export, key):
    return next(section["records"] for section in export["sections"] if section["key"] == key)


def test_export_holds_every_record_of_the_person(world):
    export = export_for(world.alice)

    assert records(export, "account")[0]["email"] == "alice@example.test"
    assert records(export, "memberships")[0]["organisation"] == "Ville de Villejuif"
    assert records(export, "invitations")[0]["email"] == "alice@example.test"
    assert [r["title"] for r in records(export, "requests")] == ["Demande d'Alice"]
    assert [r["comment"] for r in records(export, "comments")] == ["Avis d'Alice"]
    # Filing endorses the request for the author's organisation too.
    assert [r["request"] for r in records(export, "endorsements")] == [
        world.request.reference,
        world.other_request.reference,
    ]
    assert records(export, "endorsements")[1]["use_case"] == "Cas d'usage d'Alice"
    assert [r["request"] for r in records(export, "request_supports")] == [
        world.other_request.reference
    ]
    assert [r["campaign"] for r in records(export, "ballots")] == [world.campaign.title]
    registration = records(export, "registrations")[0]
    assert (registration["dietary_needs"], registration["accessibility_needs"]) == (
        "Sans gluten",
        "Boucle magnétique",
    )
    assert records(export, "consents")[0]["image_rights"] is True
    assert [r["day"] for r in records(export, "registration_days")] == [
        "2099-06-02",
        "2099-06-03",
    ]
    assert records(export, "check_ins")[0]["meeting"] == world.meeting.title
    assert [r["question"] for r in records(export, "questions")] == ["Question d'Alice"]
    assert [r["session"] for r in records(export, "question_supports")] == ["Plénière"]
    assert [r["gender"] for r in records(export, "declarations")] == ["Femme"]
    assert [r["title"] for r in records(export, "proposals")] == ["Proposition d'Alice"]
    assert [r["amount_euros"] for r in records(export, "pledges")] == ["1234"]
    assert {r["action"] for r in records(export, "audit")} >= {
        "membership.role_changed",
        "vote.ballot_cast",
    }
    assert [r["subject"] for r in records(export, "emails")] == ["Bienvenue Alice"]
    assert records(export, "speaking")[0]["name"] == "Alice Aubert"


def test_export_holds_nothing_of_another_person(world):
    text = json.dumps(export_for(world.alice), ensure_ascii=False)

    assert "Bruno" not in text
    assert "bruno@example.test" not in text
    assert "voter@example.test" not in text


def test_each_person_gets_only_their_own_records(world):
    text = json.dumps(export_for(world.bruno), ensure_ascii=False)

    assert "Bruno" in text
    assert "Alice" not in text
    assert "alice@example.test" not in text


def test_json_download_is_an_attachment_of_the_signed_in_person(client, world):
    client.force_login(world.alice)

    response = client.get(reverse("privacy:my_data_json"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="cercle-mes-donnees-')
    data = json.loads(response.content)
    assert records(data, "account")[0]["email"] == "alice@example.test"
    assert "Bruno" not in response.content.decode()


def test_readable_page_shows_the_person_their_data(client, world):
    client.force_login(world.alice)

    response = client.get(reverse("privacy:my_data"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Mes données" in page
    assert "Sans gluten" in page
    assert "<dd>oui</dd>" in page
    assert "<dt>Jour</dt><dd>2 juin 2099</dd>" in page
    assert "Avis d&#x27;Alice" in page
    assert "Bruno" not in page


def test_another_person_sees_their_own_data_never_someone_elses(client, world):
    client.login(email="bruno@example.test", password=PASSWORD)

    page = client.get(reverse("privacy:my_data")).content.decode()
    download = client.get(reverse("privacy:my_data_json")).content.decode()

    assert "Alice" not in page
    assert "Alice" not in download


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    for name in ("privacy:my_data", "privacy:my_data_json", "privacy:erase"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_hostile_text_comes_out_as_typed(client, world):
    hostile = "=cmd|' /C calc'!A0\r\n<script>alert(1)</script>"
    world.alice.display_name = hostile
    world.alice.save()
    client.force_login(world.alice)

    data = json.loads(client.get(reverse("privacy:my_data_json")).content)
    page = client.get(reverse("privacy:my_data")).content.decode()

    assert records(data, "account")[0]["display_name"] == hostile
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_profile_links_to_my_data(client, world):
    client.force_login(world.alice)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert reverse("privacy:my_data") in page


def test_export_query_count_does_not_grow_with_the_data(client, world):
    client.force_login(world.alice)
    url = reverse("privacy:my_data")
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(3):
        Comment.objects.create(request=world.request, author=world.alice, body=f"Encore {n}")
        Question.objects.create(session=world.question.session, author=world.alice, text=f"Q{n}")
        Message.objects.create(to="alice@example.test", subject=f"S{n}", body_text="…")
        other = filed(title=f"Autre {n}")
        RequestSupport.objects.create(request=other, user=world.alice)
        Pledge.objects.create(
            item=costed_item(), organisation=world.org, amount_cents=100, created_by=world.alice
        )

    with CaptureQueriesContext(connection) as after:
        response = client.get(url)

    assert response.status_code == 200
    assert len(after) == len(before)


def test_no_parameter_reaches_another_persons_data(client, world, staff):
    for viewer in (world.bruno, staff):
        client.force_login(viewer)

        data = client.get(
            reverse("privacy:my_data_json"), {"person": world.alice.pk, "pk": world.alice.pk}
        ).content.decode()

        assert "alice@example.test" not in data
        assert viewer.email in data
