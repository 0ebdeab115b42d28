"""The funding table: hostile text comes out inert in every format, and never breaks it."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from cercle.funding import services
from cercle.funding.enums import PledgeStatus, SharingRule
from tests.factories import OrganisationFactory, StaffFactory, referent_of
from tests.funding.factories import costed_item

HOSTILE = '=HYPERLINK("http://x","y")'


def _hostile_item():
    item = costed_item()
    item.request.title = "+cmd|' /C calc'!A0"
    item.request.save()
    organisation = OrganisationFactory(name=HOSTILE)
    referent = referent_of(organisation)
    pledge = services.pledge(
        item=item, organisation=organisation, person=referent, amount_cents=10_000
    )
    services.transition_pledge(
        pledge=pledge,
        to_status=PledgeStatus.COMMITTED,
        actor=referent,
        po_number="@SUM(1+1)",
        po_date=datetime.date(2026, 11, 2),
    )
    return item


def _download(client, fmt):
    client.force_login(StaffFactory())
    response = client.get(reverse("funding:export", args=[fmt]))
    assert response.status_code == 200
    return response.content


def _cells(fmt, content):
    if fmt == "csv":
        return [c for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for c in row]
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        return [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    xml = zipfile.ZipFile(io.BytesIO(content)).read("content.xml").decode()
    return xml.split("<text:p>")[1:]


@pytest.mark.parametrize("fmt", ["csv", "ods", "xlsx"])
def test_hostile_name_purchase_order_and_title_come_out_inert(client, db, fmt):
    _hostile_item()

    cells = [str(cell) for cell in _cells(fmt, _download(client, fmt))]

    for text in (HOSTILE, "@SUM(1+1)", "+cmd|' /C calc'!A0"):
        escaped = text.replace("&", "&amp;").replace('"', "&quot;") if fmt == "ods" else text
        assert any(cell.startswith("'" + escaped) or cell.startswith("'" + text) for cell in cells)
        assert not any(cell.startswith(text) for cell in cells)
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(_download(client, fmt))).active
        assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("fmt", ["csv", "ods", "xlsx"])
def test_control_characters_do_not_break_the_export(client, db, fmt):
    item = costed_item()
    item.request.title = "Bell\x07 and\x0b vertical\x1f tab"
    item.request.save()
    organisation = OrganisationFactory(name="Commune\x01 nulle\x08")
    services.pledge(
        item=item,
        organisation=organisation,
        person=referent_of(organisation),
        amount_cents=100,
    )

    cells = [str(cell) for cell in _cells(fmt, _download(client, fmt))]

    assert any("Bell and vertical tab" in cell for cell in cells)
    assert any("Commune nulle" in cell for cell in cells)


def test_export_downloads_when_an_item_cannot_be_shared_any_more(client, db):
    item = costed_item()
    services.set_sharing(
        item=item,
        rule=SharingRule.PRO_RATA,
        participants=item.participants.all(),
        actor=StaffFactory(),
    )
    item.participants.update(population=None)

    rows = list(csv.reader(io.StringIO(_download(client, "csv").decode("utf-8-sig"))))

    assert len(rows) == 1 + 3
    assert {row[5] for row in rows[1:]} == {""}
