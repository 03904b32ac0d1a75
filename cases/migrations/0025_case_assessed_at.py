"""Case.assessed_at: when supervision finalised the case's quality assessment, filled from the assessments and kept
by QualityAssessment.save; the quality queue (待评查) is the closed cases without it, an index of its own that holds
the waiting cases alone (an anti-join of a centre's whole closed history against its assessments read 11,000 of each
at 1,000,000 cases to find a few hundred)."""

from django.conf import settings
from django.db import migrations, models

FILL_SQL = {
    "postgresql": """
UPDATE cases_case SET assessed_at = COALESCE(done.finalised_at, done.started_at)
FROM supervision_qualityassessment AS done
WHERE done.case_id = cases_case.id AND done.status <> 'in_review'
""",
    "default": """
UPDATE cases_case SET assessed_at = (
    SELECT COALESCE(done.finalised_at, done.started_at) FROM supervision_qualityassessment AS done
    WHERE done.case_id = cases_case.id AND done.status <> 'in_review'
)
""",
}


def fill(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(FILL_SQL.get(vendor, FILL_SQL["default"]))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0024_case_last_event_at"),
        ("supervision", "0014_quality_queue_centre_index"),  # the assessments it is filled from
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="assessed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="质量评定时间"),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="assessed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="质量评定时间"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(status__in=["closed", "archived"], handler__isnull=False, assessed_at__isnull=True),
                fields=["centre", "closed_at"],
                include=("id",),
                name="cases_case_quality_queue",
            ),
        ),
    ]
