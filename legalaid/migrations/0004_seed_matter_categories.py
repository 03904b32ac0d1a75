"""The national matter categories (LAL 31/32 and the seeds' supplementary matters), seeded once.

This replaces a post_migrate signal that re-created them after every migrate, which brought back rows an
administrator had removed. Divisions are region-specific and are demo data (legalaid/demo.py).
"""

from django.db import migrations

from legalaid.seed_data import MATTER_CATEGORIES


def seed_matter_categories(apps, schema_editor):
    MatterCategory = apps.get_model("legalaid", "MatterCategory")
    for order, (code, name, case_type) in enumerate(MATTER_CATEGORIES, start=1):
        MatterCategory.objects.get_or_create(
            code=code, defaults={"name": name, "case_type": case_type, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("legalaid", "0003_outboxmessage_statuschange")]

    operations = [migrations.RunPython(seed_matter_categories, migrations.RunPython.noop)]
