"""Seed the integrity pledge's wording (see eligibility.seed_data)."""

from django.db import migrations


def seed(apps, schema_editor):
    from eligibility.seed_data import seed_pledge_text

    seed_pledge_text(apps)


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0003_decisions_objections_spot_checks")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
