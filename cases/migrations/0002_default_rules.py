"""Default rules the centre edits in admin afterwards: annual obligations and the closing checklist."""

from datetime import date

from django.db import migrations

# Seed 003: every lawyer, notary and grassroots legal worker at least 2 cases or activities a year;
# grassroots legal service workers at least 5 cases.
OBLIGATIONS = [
    ("practising_lawyer", 2, "每名律师每年办理法律援助案件不少于2件"),
    ("centre_lawyer", 2, "每名律师每年办理法律援助案件不少于2件"),
    ("notary", 2, "每名公证员每年办理法律援助案件或参加公益活动不少于2件(次)"),
    ("legal_service_worker", 5, "基层法律服务工作者每年办理法律援助案件不少于5件"),
]

# (name, case type or "" for all, stage or "" for all, required)
CHECKLIST = [
    ("指派通知书、法律援助决定书或通知辩护函", "", "", True),
    ("委托协议和授权委托书", "", "", True),
    ("受援人身份证明复印件", "", "", True),
    ("会见、谈话笔录", "", "", True),
    ("判决书、裁定书、调解书、仲裁裁决书、不起诉决定书或终止决定书复印件", "", "", True),
    ("法律援助案件质量监督卡(受援人填写后收回)", "", "", False),
    ("阅卷笔录", "criminal", "prosecution_review", True),
    ("阅卷笔录", "criminal", "first_instance", True),
    ("阅卷笔录", "criminal", "second_instance", True),
    ("阅卷笔录", "criminal", "death_penalty_review", True),
    ("起诉意见书或起诉书复印件", "criminal", "prosecution_review", True),
    ("起诉书复印件", "criminal", "first_instance", True),
    ("向办案机关提出的法律意见", "criminal", "investigation", True),
    ("辩护词或辩护意见", "criminal", "prosecution_review", True),
    ("辩护词或辩护意见", "criminal", "first_instance", True),
    ("辩护词或辩护意见", "criminal", "second_instance", True),
    ("辩护词或辩护意见", "criminal", "death_penalty_review", True),
    ("起诉状、答辩状或上诉状", "civil", "", True),
    ("证据材料及目录", "civil", "", True),
    ("代理词", "civil", "", True),
    ("起诉状、答辩状或上诉状", "administrative", "", True),
    ("证据材料及目录", "administrative", "", True),
    ("代理词", "administrative", "", True),
    ("仲裁申请书或答辩书", "labour_arbitration", "", True),
    ("证据材料及目录", "labour_arbitration", "", True),
    ("代理意见", "labour_arbitration", "", False),
    ("协议书、申请书或其他办结证明材料", "non_litigation", "", True),
]


def add_defaults(apps, schema_editor):
    AnnualObligation = apps.get_model("cases", "AnnualObligation")
    ClosingChecklistItem = apps.get_model("cases", "ClosingChecklistItem")
    if not AnnualObligation.objects.exists():
        for handler_type, minimum, note in OBLIGATIONS:
            AnnualObligation.objects.create(
                handler_type=handler_type, minimum_cases=minimum, note=note, effective_from=date(2022, 1, 1)
            )
    if not ClosingChecklistItem.objects.exists():
        for order, (name, case_type, stage, required) in enumerate(CHECKLIST, start=1):
            ClosingChecklistItem.objects.create(
                name=name, case_type=case_type, criminal_stage=stage, is_required=required, sort_order=order * 10
            )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
