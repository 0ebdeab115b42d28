"""Campaigns on host candidacies: a subject, and ballot lines that are a request or an option
keyed by a stored reference (copied from the request for the existing lines)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_references(apps, schema_editor):
    CampaignItem = apps.get_model("votes", "CampaignItem")
    items = list(CampaignItem.objects.select_related("request"))
    for item in items:
        item.reference = item.request.reference
    CampaignItem.objects.bulk_update(items, ["reference"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("requests", "0001_initial"),
        ("votes", "0002_tie_at_cutoff"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="subject",
            field=models.CharField(
                choices=[("requests", "Improvement requests"), ("hosting", "Host of a club meeting")],
                default="requests",
                max_length=10,
                verbose_name="subject",
            ),
        ),
        migrations.AddField(
            model_name="campaignitem",
            name="reference",
            field=models.CharField(default="", max_length=16, verbose_name="reference"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="campaignitem",
            name="label",
            field=models.CharField(blank=True, max_length=200, verbose_name="label"),
        ),
        migrations.AddField(
            model_name="campaignitem",
            name="url",
            field=models.CharField(blank=True, max_length=500, verbose_name="link"),
        ),
        migrations.AlterField(
            model_name="campaignitem",
            name="request",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="campaign_items",
                to="requests.improvementrequest",
            ),
        ),
        migrations.RunPython(copy_references, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="campaignitem",
            options={
                "ordering": ["position", "reference"],
                "verbose_name": "line of the ballot",
                "verbose_name_plural": "lines of the ballot",
            },
        ),
        migrations.AddConstraint(
            model_name="campaignitem",
            constraint=models.UniqueConstraint(
                fields=("campaign", "reference"), name="reference_once_per_ballot"
            ),
        ),
        migrations.AddConstraint(
            model_name="campaignitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("label", ""), ("request__isnull", False)),
                    models.Q(("request__isnull", True), models.Q(("label", ""), _negated=True)),
                    _connector="OR",
                ),
                name="item_is_request_or_option",
            ),
        ),
    ]
