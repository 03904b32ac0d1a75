"""Default message texts, seeded once; centres edit them (with effective dates) in the admin."""

from datetime import date

from django.db import migrations

SMS, EMAIL, IN_APP = "sms", "email", "in_app"
TEXTS = [
    ("receipt", SMS, "", "{name}您好，您的法律援助申请已收到，受理号{number}。可凭受理号和身份证号后4位查询进度：{link}"),
    ("receipt", EMAIL, "法律援助申请已收到", "{name}您好:\n\n您的法律援助申请已收到，受理号{number}。\n可凭受理号和身份证号后4位查询进度：{link}\n\n{centre}"),
    ("materials_notice", SMS, "", "{name}您好，您的法律援助申请(受理号{number})需要补充材料，请于{due_date}前提交：{items}。{centre}"),
    ("materials_notice", EMAIL, "法律援助申请需补充材料", "{name}您好:\n\n您的法律援助申请(受理号{number})需要补充以下材料，请于{due_date}前提交:\n{items}\n\n{centre}"),
    ("decision_granted", SMS, "", "{name}您好，您的法律援助申请(受理号{number})已决定给予法律援助。中心将尽快为您指派承办人。{centre}"),
    ("decision_granted", EMAIL, "法律援助申请已获准", "{name}您好:\n\n您的法律援助申请(受理号{number})已决定给予法律援助，中心将尽快为您指派承办人。\n\n{centre}"),
    ("decision_refused", SMS, "", "{name}您好，您的法律援助申请(受理号{number})未获准许，书面决定将送达您。对决定有异议的，可在收到决定之日起十五日内向司法行政部门提出。{centre}"),
    ("decision_refused", EMAIL, "法律援助申请决定", "{name}您好:\n\n您的法律援助申请(受理号{number})未获准许，书面决定将送达您。对决定有异议的，可以自收到决定之日起十五日内向设立法律援助机构的司法行政部门提出。\n\n{centre}"),
    ("assigned", SMS, "", "{name}您好，您的法律援助案件{number}已指派{handler}({handler_org},电话{handler_phone})承办。{centre}"),
    ("assigned", EMAIL, "法律援助案件已指派承办人", "{name}您好:\n\n您的法律援助案件{number}已指派{handler}({handler_org},办公电话{handler_phone})承办，承办人将与您联系。\n\n{centre}"),
    ("assigned", IN_APP, "新指派案件 {number}", "您被指派承办法律援助案件{number}(受援人{name}),请在规定期限内与受援人见面并签订委托协议。"),
    ("progress", SMS, "", "{name}您好，您的法律援助案件{number}有新进展：{progress}。{centre}"),
    ("closed", SMS, "", "{name}您好，您的法律援助案件{number}已结案。感谢您对法律援助工作的支持。{centre}"),
    ("closed", EMAIL, "法律援助案件已结案", "{name}您好:\n\n您的法律援助案件{number}已结案。感谢您对法律援助工作的支持。\n\n{centre}"),
    ("card_rating", SMS, "", "{name}您好，请为您的法律援助案件{number}的办理质量评价：{link} 。{centre}"),
    ("enforcement_reminder", SMS, "", "{name}您好，您的案件{number}生效裁判的申请执行期限至{deadline}届满，如对方未履行，请及时申请强制执行。{centre}"),
    ("hearing_reminder", IN_APP, "开庭提醒：{number}", "案件{number}将于{when}在{place}开庭，请做好准备。"),
]


def seed_texts(apps, schema_editor):
    MessageText = apps.get_model("legalaid", "MessageText")
    for event, channel, subject, body in TEXTS:
        MessageText.objects.get_or_create(
            event=event, channel=channel, effective_from=date(2022, 1, 1), defaults={"subject": subject, "body": body}
        )


class Migration(migrations.Migration):
    dependencies = [("legalaid", "0005_notifications")]

    operations = [migrations.RunPython(seed_texts, migrations.RunPython.noop)]
