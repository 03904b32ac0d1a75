"""Case.aided_names: the aided persons' names on the case, filled from its parties, and the index a
one-character name search counts from (a centre's cases and their names, index-only)."""

from django.conf import settings
from django.db import migrations, models

from cases.models.case import AIDED_NAMES_FILL_SQL


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(AIDED_NAMES_FILL_SQL)
        return
    Case = apps.get_model("cases", "Case")
    CaseParty = apps.get_model("cases", "CaseParty")
    names: dict[int, list[str]] = {}
    for case_id, name in CaseParty.objects.order_by("pk").values_list("case_id", "name").iterator():
        names.setdefault(case_id, []).append(name)
    for case_id, found in names.items():
        Case.objects.filter(pk=case_id).update(aided_names=" ".join(found))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0021_digit_runs_index"),
        ("intake", "0013_digit_runs_index"),
        ("legalaid", "0013_full_width_help_text"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="aided_names",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="受援人姓名"),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="aided_names",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="受援人姓名"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["centre", "id"], include=("aided_names",), name="cases_case_centre_names"),
        ),
    ]
