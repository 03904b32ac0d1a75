"""Default retention periods of archived case files; the centre edits them in admin afterwards.

No retention rule for legal-aid files is among the project's sources, so the defaults follow the
tiers of 国家档案局《机关文件材料归档范围和文书档案保管期限规定》(国家档案局令第8号，2006年：
永久、定期30年、定期10年): criminal files 30 years, death-penalty review files permanently, the
other types 10 years. A province's own rule is entered as a new row from its effective date.
"""

from datetime import date

from django.db import migrations

BASIS = "参照《机关文件材料归档范围和文书档案保管期限规定》(国家档案局令第8号)"

# (case type, criminal stage or "" for all, years or None for permanent)
DEFAULTS = [
    ("criminal", "", 30),
    ("criminal", "death_penalty_review", None),
    ("civil", "", 10),
    ("administrative", "", 10),
    ("labour_arbitration", "", 10),
    ("non_litigation", "", 10),
]


def add_defaults(apps, schema_editor):
    RetentionPeriod = apps.get_model("cases", "RetentionPeriod")
    if RetentionPeriod.objects.exists():
        return
    for case_type, stage, years in DEFAULTS:
        RetentionPeriod.objects.create(
            case_type=case_type, criminal_stage=stage, years=years, basis=BASIS, effective_from=date(2022, 1, 1)
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_archive")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
