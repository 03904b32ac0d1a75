from datetime import date

from django.db import migrations

PLEDGE_TITLE = "法律援助申请人经济困难状况诚信承诺"
PLEDGE_BODY = (
    "本人申请法律援助,郑重承诺:本人所填报的家庭人口、家庭成员收入和财产等经济状况真实、准确、完整,"
    "没有隐瞒或者虚构。本人知悉,法律援助机构可以通过信息共享查询、抽查等方式核实本人的经济状况;"
    "如承诺不实,法律援助机构将依照《中华人民共和国法律援助法》第四十八条终止法律援助,"
    "并由司法行政部门依照第六十四条责令本人支付已实施法律援助的费用,处三千元以下罚款。"
)


def seed(apps, schema_editor):
    PledgeText = apps.get_model("eligibility", "PledgeText")
    PledgeText.objects.get_or_create(
        effective_from=date(2022, 1, 1), defaults={"title": PLEDGE_TITLE, "body": PLEDGE_BODY}
    )


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0003_decisions_objections_spot_checks")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
