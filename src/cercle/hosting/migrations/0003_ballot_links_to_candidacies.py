"""The options of the club votes already opened link to their candidacy's page (which the
voters may now read), no longer to an anchor of the call's page."""

from django.db import migrations
from django.urls import reverse


def link_candidacies(apps, schema_editor):
    Candidacy = apps.get_model("hosting", "Candidacy")
    CampaignItem = apps.get_model("votes", "CampaignItem")
    items = []
    for candidacy in Candidacy.objects.filter(ballot_item__isnull=False).select_related(
        "ballot_item"
    ):
        item = candidacy.ballot_item
        item.url = reverse(
            "hosting:candidacy", kwargs={"pk": candidacy.call_id, "candidacy": candidacy.pk}
        )
        items.append(item)
    CampaignItem.objects.bulk_update(items, ["url"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("hosting", "0002_club_vote"),
        ("votes", "0003_hosting_subject"),
    ]

    operations = [migrations.RunPython(link_candidacies, migrations.RunPython.noop)]
