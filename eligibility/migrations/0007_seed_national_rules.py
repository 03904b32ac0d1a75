"""The national rules (statutory scope, LAL 42 waiver categories), seeded once.

This replaces a post_migrate signal that wrote them, with 淮南's local waiver categories and priority
groups, after every migrate and re-created rows an administrator had deleted. A database that already
holds statutory scope rows was seeded before and is left as its administrators keep it. Regional rows
are demo data (eligibility/demo.py).
"""

from django.db import migrations


def seed(apps, schema_editor):
    from eligibility.seed_data import seed_national_rules

    MatterScope = apps.get_model("eligibility", "MatterScope")
    if MatterScope.objects.filter(province_code="").exists():
        return
    seed_national_rules(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("eligibility", "0006_spot_check_status_assessment_status"),
        ("legalaid", "0004_seed_matter_categories"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
