"""What people read on funding pages: French number formatting, reachable tables."""

import re

from django.urls import reverse

from cercle.funding import services
from cercle.funding.enums import SharingRule
from tests.factories import StaffFactory
from tests.funding.factories import costed_item, pledger


def test_populations_are_grouped_by_thousands(client, db):
    item = costed_item()
    for organisation, population in zip(
        item.participants.order_by("pk"), (1_430_000, 12_000, 104_000), strict=True
    ):
        organisation.population = population
        organisation.save()
    services.set_sharing(
        item=item,
        rule=SharingRule.PRO_RATA,
        participants=item.participants.all(),
        actor=StaffFactory(),
    )
    client.force_login(StaffFactory())

    html = client.get(reverse("funding:item", args=[item.request.reference])).content.decode()

    assert "population de 1\xa0430\xa0000 sur 1\xa0546\xa0000 au total" in html
    assert "1430000" not in html


def test_tier_populations_are_grouped_by_thousands(client, db):
    item = costed_item()
    item.participants.update(population=250_000)
    services.set_sharing(
        item=item,
        rule=SharingRule.TIERS,
        participants=item.participants.all(),
        tiers=[[9_999, 1], [None, 2]],
        actor=StaffFactory(),
    )
    client.force_login(StaffFactory())

    html = client.get(reverse("funding:item", args=[item.request.reference])).content.decode()

    assert "population de 250\xa0000 : poids 2 sur 6" in html


def test_every_funding_table_scroll_area_is_focusable_and_named(client, db):
    item = costed_item()
    organisation, referent = pledger(item)
    services.pledge(item=item, organisation=organisation, person=referent, amount_cents=100)
    client.force_login(StaffFactory())

    pages = [
        client.get(reverse("funding:list")).content.decode(),
        client.get(reverse("funding:item", args=[item.request.reference])).content.decode(),
    ]

    wrappers = [w for html in pages for w in re.findall(r'<div class="table-wrapper"[^>]*>', html)]
    assert len(wrappers) == 3
    for wrapper in wrappers:
        assert 'tabindex="0"' in wrapper
        assert "aria-labelledby=" in wrapper or "aria-label=" in wrapper
