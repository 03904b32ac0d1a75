"""Case.last_event_at: the time of each case's latest timeline entry, filled from its events and kept by
CaseEvent.save; the handling cases' index carries it, so the count of long-silent cases (长期无进展) reads
that index alone. The index of events by time served only that count (an anti-join of the open cases
against the whole network's recent events) and goes; the handling cases' index leads with the latest entry,
so the list of long-silent cases walks it in its own order.
"""

from django.conf import settings
from django.db import migrations, models

from cases.models.case import LAST_EVENT_FILL_SQL


def fill(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(LAST_EVENT_FILL_SQL.get(vendor, LAST_EVENT_FILL_SQL["default"]))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0023_drop_party_case_name_index"),
        ("intake", "0017_consultation_person_name"),
        ("legalaid", "0013_full_width_help_text"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="last_event_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="最近一次办案记录"),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="last_event_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="最近一次办案记录"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.RemoveIndex(model_name="case", name="cases_case_handling"),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("status__in", ["assigned", "in_progress"])),
                fields=["centre", "last_event_at", "assigned_at"],
                include=("id",),
                name="cases_case_handling",
            ),
        ),
        migrations.RemoveIndex(model_name="caseevent", name="cases_event_at"),
    ]
