"""Seed the national channels, notice wording and materials checklist once.

This replaces a post_migrate signal that ran after every migrate and re-created rows an
administrator had deleted. The materials checklist names matter categories, seeded by legalaid.
"""

from django.db import migrations

from intake.seed_data import seed_defaults


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0002_applicationtransition_actor_kind"),
        ("legalaid", "0004_seed_matter_categories"),
    ]

    operations = [migrations.RunPython(seed_defaults, migrations.RunPython.noop)]
