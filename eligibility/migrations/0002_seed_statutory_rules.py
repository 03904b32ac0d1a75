"""Seed the statutory scope, the waiver categories, the priority groups (see eligibility.seed_data)."""

from django.db import migrations


def seed(apps, schema_editor):
    from eligibility.seed_data import ensure_statutory_rules

    ensure_statutory_rules(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("eligibility", "0001_initial"),
        ("legalaid", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
