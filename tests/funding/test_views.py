import csv
import datetime
import io

import openpyxl
import tablib
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercle.funding import services
from cercle.funding.enums import Label, PledgeStatus, RoadmapStatus
from cercle.funding.models import Milestone, RoadmapItem
from tests.factories import OrganisationFactory, StaffFactory, UserFactory, agent_of, referent_of
from tests.funding.factories import costed_item, pledger, retained_request
from tests.requests.factories import TermFactory


def item_url(item):
    return reverse("funding:item", args=[item.request.reference])


def pledge_for(item, amount=123_456):
    organisation, referent = pledger(item)
    pledge = services.pledge(
        item=item, organisation=organisation, person=referent, amount_cents=amount
    )
    return pledge, referent


def count_queries(client, path):
    reset_queries()
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


def test_public_page_shows_percentage_not_amounts(client, db):
    item = costed_item()
    pledge_for(item)
    html = client.get(item_url(item)).content.decode()
    assert "1 234,56" not in html
    assert "0 %" in html


def test_pledging_organisation_sees_its_amount(client, db):
    item = costed_item()
    _pledge, referent = pledge_for(item)
    client.force_login(referent)
    assert "1\u202f234,56" in client.get(item_url(item)).content.decode()


def test_other_organisation_does_not_see_the_amount(client, db):
    item = costed_item()
    pledge_for(item)
    client.force_login(referent_of(OrganisationFactory()))
    assert "1\u202f234,56" not in client.get(item_url(item)).content.decode()


def test_staff_see_every_amount(client, db):
    item = costed_item()
    pledge_for(item)
    client.force_login(StaffFactory())
    assert "1\u202f234,56" in client.get(item_url(item)).content.decode()


def test_cofunder_names_hidden_unless_setting(client, db, settings):
    item = costed_item()
    pledge, referent = pledge_for(item)
    services.transition_pledge(
        pledge=pledge,
        to_status=PledgeStatus.COMMITTED,
        actor=referent,
        po_number="BC",
        po_date=datetime.date(2026, 1, 5),
    )
    name = pledge.organisation.name
    assert name not in client.get(item_url(item)).content.decode()
    settings.FUNDING_SHOW_PLEDGER_NAMES = True
    assert name in client.get(item_url(item)).content.decode()


def test_estimate_history_visible_to_participants_not_public(client, db):
    item = costed_item()
    participant = item.participants.first()
    public = client.get(item_url(item)).content.decode()
    client.force_login(referent_of(participant))
    member = client.get(item_url(item)).content.decode()
    assert "Historique des estimations" not in public
    assert "Historique des estimations" in member


def test_participant_sees_own_suggested_share_and_its_basis(client, db):
    item = costed_item()
    participant = item.participants.order_by("pk").first()
    client.force_login(referent_of(participant))
    html = client.get(item_url(item)).content.decode()
    assert "Parts suggérées" in html
    assert "partage égal entre 3 organisations" in html


def test_referent_pledges_and_commits_through_the_page(client, db):
    item = costed_item()
    organisation = OrganisationFactory()
    client.force_login(referent_of(organisation))
    client.post(
        reverse("funding:pledge", args=[item.request.reference]),
        {"organisation": organisation.pk, "amount": "2500.00"},
    )
    pledge = item.pledges.get(organisation=organisation)
    client.post(
        reverse("funding:transition", args=[item.request.reference, pledge.pk]),
        {
            "status": "committed",
            "purchase_order_number": "BC-2026-17",
            "purchase_order_date": "2026-11-02",
        },
    )
    pledge.refresh_from_db()
    assert (pledge.amount_cents, pledge.status, pledge.purchase_order_number) == (
        250_000,
        PledgeStatus.COMMITTED,
        "BC-2026-17",
    )


def test_commit_without_purchase_order_keeps_the_page_with_errors(client, db):
    item = costed_item()
    pledge, referent = pledge_for(item)
    client.force_login(referent)
    response = client.post(
        reverse("funding:transition", args=[item.request.reference, pledge.pk]),
        {"status": "committed", "purchase_order_number": "BC-7"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_pledge{pledge.pk}_purchase_order_date_error"' in html
    assert 'value="BC-7"' in html


def test_agent_cannot_pledge_through_the_page(client, db):
    item = costed_item()
    organisation = OrganisationFactory()
    client.force_login(agent_of(organisation))
    response = client.post(
        reverse("funding:pledge", args=[item.request.reference]),
        {"organisation": organisation.pk, "amount": "10"},
    )
    assert response.status_code == 403


def test_invalid_amount_keeps_input(client, db):
    item = costed_item()
    organisation = OrganisationFactory()
    client.force_login(referent_of(organisation))
    response = client.post(
        reverse("funding:pledge", args=[item.request.reference]),
        {"organisation": organisation.pk, "amount": "-5"},
    )
    assert response.status_code == 400
    assert 'id="id_amount_error"' in response.content.decode()


def test_staff_cost_through_the_page(client, db):
    improvement = retained_request()
    client.force_login(StaffFactory())
    client.post(
        reverse("funding:estimate", args=[improvement.reference]),
        {"days": "4", "daily_rate": "750", "assumptions": "Sans reprise de données"},
    )
    assert improvement.costed_item.cost_cents == 300_000


def test_costing_refused_to_referent(client, db):
    improvement = retained_request()
    client.force_login(improvement.author)
    assert client.get(reverse("funding:estimate", args=[improvement.reference])).status_code == 403


def _export(client, fmt):
    item = costed_item()
    pledge_for(item, amount=50_000)
    client.force_login(StaffFactory())
    response = client.get(reverse("funding:export", args=[fmt]))
    assert response.status_code == 200
    return item, response.content


def test_export_csv_opens_with_csv_reader(client, db):
    item, content = _export(client, "csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][0] == "Demande"
    assert {row[0] for row in rows[1:]} == {item.request.reference}
    assert len(rows) == 1 + 4


def test_export_ods_opens_with_tablib(client, db):
    item, content = _export(client, "ods")
    dataset = tablib.Dataset().load(io.BytesIO(content), format="ods")
    assert dataset.height == 4
    assert dataset[0][0] == item.request.reference
    assert 500.0 in [row[6] for row in dataset]


def test_export_xlsx_opens_with_openpyxl(client, db):
    item, content = _export(client, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == item.request.reference
    assert len(rows) == 5


def test_export_refused_to_referent(client, db):
    client.force_login(referent_of(OrganisationFactory()))
    assert client.get(reverse("funding:export", args=["csv"])).status_code == 403


def test_roadmap_filters_by_label_and_module(client, db):
    module = TermFactory(name="Chrono", slug="chrono", synonym="agendas")
    vendor = RoadmapItem.objects.create(
        title="Mise à jour de sécurité", label=Label.VENDOR, year=2027, quarter=1, days=5
    )
    vendor.modules.add(module)
    RoadmapItem.objects.create(
        title="Tableau de bord", label=Label.SINGLE_CLIENT, year=2027, quarter=2
    )
    html = client.get(reverse("funding:roadmap"), {"label": "vendor"}).content.decode()
    assert "Mise à jour de sécurité" in html and "Tableau de bord" not in html
    html = client.get(reverse("funding:roadmap"), {"module": "chrono"}).content.decode()
    assert "Mise à jour de sécurité" in html and "Tableau de bord" not in html


def test_roadmap_summary_counts_items_and_days_per_label(client, db):
    RoadmapItem.objects.create(title="A", label=Label.VENDOR, year=2027, quarter=1, days=5)
    RoadmapItem.objects.create(title="B", label=Label.VENDOR, year=2027, quarter=3, days=7.5)
    html = client.get(reverse("funding:roadmap")).content.decode()
    assert "2 éléments, 12,5 jours" in html


def test_roadmap_printable_view(client, db):
    RoadmapItem.objects.create(
        title="Livré", label=Label.VENDOR, status=RoadmapStatus.DELIVERED, year=2026, quarter=4
    )
    response = client.get(reverse("funding:roadmap"), {"imprimer": "1"})
    assert "Livré" in response.content.decode()


def test_roadmap_query_count_constant(client, db):
    RoadmapItem.objects.create(title="A", label=Label.VENDOR, year=2027, quarter=1)
    small = count_queries(client, reverse("funding:roadmap"))
    for index in range(10):
        entry = RoadmapItem.objects.create(
            title=f"Item {index}",
            label=Label.MUTUALISED,
            year=2027,
            quarter=index % 4 + 1,
            request=retained_request(),
        )
        entry.modules.add(TermFactory())
    assert count_queries(client, reverse("funding:roadmap")) == small


def test_item_page_query_count_constant(client, db):
    item = costed_item()
    staff = StaffFactory()
    client.force_login(staff)
    small = count_queries(client, item_url(item))
    for _ in range(6):
        pledge_for(item, amount=100)
    assert count_queries(client, item_url(item)) == small


def test_roadmap_editing_refused_to_non_staff(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("funding:roadmap_add")).status_code == 403


def test_staff_add_vendor_funded_item(client, db):
    client.force_login(StaffFactory())
    client.post(
        reverse("funding:roadmap_add"),
        {
            "title": "Refonte du thème",
            "label": "vendor",
            "status": "planned",
            "year": 2027,
            "quarter": 2,
            "days": "10",
        },
    )
    assert RoadmapItem.objects.get().label == Label.VENDOR


def test_calendar_highlights_current_phase(client, db, settings):
    today = datetime.date.today()
    Milestone.objects.create(title="Passé", starts_on=today - datetime.timedelta(days=30))
    Milestone.objects.create(
        title="En cours",
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=1),
    )
    html = client.get(reverse("funding:calendar")).content.decode()
    current = html.split('aria-current="step"')[1]
    assert "En cours" in current.split("</li>")[0]


def test_staff_add_milestone_and_others_cannot(client, db):
    data = {"title": "Eocamp", "kind": "workshop", "starts_on": "2027-03-16"}
    client.force_login(UserFactory())
    assert client.post(reverse("funding:milestone_new"), data).status_code == 403
    client.force_login(StaffFactory())
    client.post(reverse("funding:milestone_new"), data)
    assert Milestone.objects.get().title == "Eocamp"


def test_calendar_shows_vote_campaigns_and_meetings(client, db):
    from tests.meetings.factories import two_day_meeting
    from tests.votes.factories import upcoming_campaign

    campaign = upcoming_campaign(title="Vote de printemps du club")
    meeting, _days = two_day_meeting(title="Rencontre de juin 2099")
    this_year = client.get(reverse("funding:calendar")).content.decode()
    in_2099 = client.get(reverse("funding:calendar"), {"annee": 2099}).content.decode()
    assert campaign.title in this_year
    assert meeting.title in in_2099
    assert "2 juin 2099 – 3 juin 2099" in in_2099
