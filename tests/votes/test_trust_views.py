"""Pages and exports fixed after the trust review: close now, tie at the cutoff, ballots
published after closing, inert exports, dates, forms."""

import csv
import io
import zipfile
from datetime import UTC, datetime

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cercle.audit.models import AuditEntry
from cercle.votes import services
from cercle.votes.enums import VotingMethod
from cercle.votes.models import Campaign
from tests.factories import OrganisationFactory, StaffFactory, referent_of
from tests.votes.factories import close_now, eligible, open_campaign, upcoming_campaign

HOSTILE = '=HYPERLINK("http://x","y")'


def url(name, campaign):
    return reverse(f"votes:{name}", args=[campaign.pk])


def cast(campaign, lines, organisation=None):
    organisation = organisation or OrganisationFactory()
    return services.cast_ballot(
        campaign=campaign, organisation=organisation, person=referent_of(organisation), lines=lines
    )


def tied_campaign():
    a, b, x = eligible(), eligible(), eligible()
    campaign = open_campaign(requests=[a, b, x], method=VotingMethod.SCHULZE, seats=1)
    cast(campaign, {a.reference: 1, b.reference: 2, x.reference: 3})
    cast(campaign, {x.reference: 1, a.reference: 2, b.reference: 3})
    return close_now(campaign), a, x


# Close now


def test_staff_close_now_asks_confirmation_then_results_exist(client, db):
    campaign = open_campaign(requests=[eligible()])
    client.force_login(StaffFactory())
    assert "Clore le vote maintenant" in client.get(campaign.get_absolute_url()).content.decode()
    page = client.get(url("close", campaign))
    assert page.status_code == 200 and 'name="confirm"' in page.content.decode()

    refused = client.post(url("close", campaign), {})
    assert refused.status_code == 400
    assert "Cochez la case pour confirmer." in refused.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).closed_at is None

    response = client.post(url("close", campaign), {"confirm": "on"})

    assert response["Location"] == url("results", campaign)
    campaign.refresh_from_db()
    assert campaign.closed_at is not None and campaign.closes_at <= timezone.now()
    assert AuditEntry.objects.filter(action="vote.campaign_closed_now").exists()
    assert "Demandes retenues" in client.get(url("results", campaign)).content.decode()


def test_close_now_refused_to_a_referent(client, db):
    campaign = open_campaign(requests=[eligible()])
    client.force_login(referent_of(OrganisationFactory()))
    assert client.post(url("close", campaign), {"confirm": "on"}).status_code == 403
    assert Campaign.objects.get(pk=campaign.pk).closed_at is None


# Tie at the cutoff


def test_tie_at_the_cutoff_is_shown_and_results_wait_for_the_decision(client, db):
    campaign, a, x = tied_campaign()
    public = client.get(url("results", campaign)).content.decode()
    assert "Égalité au seuil" in public
    assert f'<span class="reference">{a.reference}</span>' not in public
    assert client.get(url("ballots_csv", campaign)).status_code == 404
    assert client.get(url("results_csv", campaign)).status_code == 404

    client.force_login(StaffFactory())
    staff_page = client.get(url("results", campaign)).content.decode()
    assert "Trancher l’égalité au seuil" in staff_page
    assert f'<span class="reference">{x.reference}</span>' in staff_page
    assert client.post(url("tie", campaign), {"seed": ""}).status_code == 400

    response = client.post(url("tie", campaign), {"seed": "tirage-2026"})

    assert response["Location"] == url("results", campaign)
    client.logout()
    published = client.get(url("results", campaign)).content.decode()
    assert "tirage au sort public avec la graine « tirage-2026 »" in published
    assert client.get(url("ballots_csv", campaign)).status_code == 200


def test_tie_page_refused_to_a_referent(client, db):
    campaign, *_ = tied_campaign()
    client.force_login(referent_of(OrganisationFactory()))
    assert client.post(url("tie", campaign), {"seed": "s"}).status_code == 403


def test_method_page_documents_the_tie_rule(client, db):
    campaign = close_now(open_campaign(requests=[eligible()], method=VotingMethod.SCHULZE))
    html = client.get(url("results", campaign)).content.decode()
    assert "ensembles successifs de demandes invaincues" in html
    assert "random.Random(graine).sample" in html
    announced = client.get(campaign.get_absolute_url()).content.decode()
    assert "ensembles successifs de demandes invaincues" in announced
    assert "Un tirage au sort public, à partir d’une graine publiée" in announced


# Ballots export of a secret vote


def test_ballots_export_is_not_published_while_a_live_vote_is_open(client, db):
    improvement = eligible()
    campaign = open_campaign(requests=[improvement], results_visibility="live")
    cast(campaign, [improvement.reference])
    assert client.get(url("results", campaign)).status_code == 200
    assert client.get(url("ballots_csv", campaign)).status_code == 404
    assert url("ballots_csv", campaign) not in client.get(url("results", campaign)).content.decode()
    close_now(campaign)
    assert client.get(url("ballots_csv", campaign)).status_code == 200


# Exports make formulas inert


def closed_with_hostile_title():
    improvement = eligible(title=HOSTILE)
    organisation = OrganisationFactory(name=HOSTILE)
    campaign = open_campaign(requests=[improvement], ballot_privacy="public", seats=1)
    cast(campaign, [improvement.reference], organisation=organisation)
    return close_now(campaign), improvement


def test_results_csv_export_is_inert(client, db):
    campaign, improvement = closed_with_hostile_title()
    content = client.get(url("results_csv", campaign)).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[1][2] == "'" + HOSTILE


def test_results_xlsx_export_is_inert(client, db):
    campaign, improvement = closed_with_hostile_title()
    response = client.get(url("results_xlsx", campaign))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=3)
    assert cell.value == "'" + HOSTILE and cell.data_type == "s"


def test_results_ods_export_is_inert(client, db):
    campaign, improvement = closed_with_hostile_title()
    response = client.get(url("results_ods", campaign))
    content = zipfile.ZipFile(io.BytesIO(response.content)).read("content.xml").decode()
    assert "<text:p>&#x27;=HYPERLINK(" in content or "<text:p>'=HYPERLINK(" in content
    assert "table:formula" not in content


def test_ballots_export_is_inert_and_still_recounts(client, db, tmp_path):
    campaign, improvement = closed_with_hostile_title()
    content = client.get(url("ballots_csv", campaign)).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["ballot", "request", "value", "organisation"]
    assert rows[1][1:] == [improvement.reference, "1", "'" + HOSTILE]
    path = tmp_path / "bulletins.csv"
    path.write_bytes(content)
    out = io.StringIO()
    call_command("recount", str(path), "--method", "approval", "--seats", "1", stdout=out)
    assert f"{improvement.reference}      1  retained" in out.getvalue()


# Smaller fixes


def test_projection_gives_the_closing_date_and_time_in_paris(client, db):
    campaign = open_campaign(requests=[eligible()])
    # 01:45 UTC is 02:45 in Paris in winter.
    closes = datetime(2099, 1, 12, 1, 45, tzinfo=UTC)
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=closes)
    html = client.get(url("projection", campaign)).content.decode()
    assert "Le vote se clôt le 12 janvier 2099, 02:45 (heure de Paris)." in html


def test_campaign_form_has_no_empty_method_choice(client, db):
    client.force_login(StaffFactory())
    html = client.get(reverse("votes:new")).content.decode()
    assert "---------" not in html
    assert 'name="tie_rule"' in html


@pytest.mark.parametrize("method", [VotingMethod.APPROVAL, VotingMethod.POINTS])
def test_ballot_lines_link_to_the_request_pages(client, db, method):
    improvement = eligible()
    campaign = open_campaign(requests=[improvement], method=method)
    organisation = OrganisationFactory()
    client.force_login(referent_of(organisation))
    html = client.get(reverse("votes:ballot", args=[campaign.pk, organisation.slug])).content
    assert f'href="{improvement.get_absolute_url()}"' in html.decode()


def test_weights_form_is_not_offered_once_ballots_exist(client, db):
    improvement = eligible()
    campaign = open_campaign(requests=[improvement])
    client.force_login(StaffFactory())
    assert 'name="weight"' in client.get(url("requests", campaign)).content.decode()
    cast(campaign, [improvement.reference])
    html = client.get(url("requests", campaign)).content.decode()
    assert 'name="weight"' not in html
    assert "les poids ne peuvent plus changer" in html


def test_weights_form_is_offered_before_opening(client, db):
    campaign = upcoming_campaign()
    client.force_login(StaffFactory())
    assert 'name="weight"' in client.get(url("requests", campaign)).content.decode()
