"""The national default channels, notice wording and materials checklist.

Seeded once, by migration 0003 (never by a signal on every migrate: a row an administrator
deleted stays deleted). Nothing here is region-specific; the demo region's data is in demo.py.
"""

# (code, name, statistics category, consultation?, application?, forward hours)
CHANNELS = [
    ("centre_window", "中心窗口来访", "visit", True, True, None),
    ("hotline_12348", "12348法律服务热线", "phone", True, False, None),
    ("letter", "来信", "letter", True, True, None),
    ("online", "网上咨询与申请", "online", True, True, None),
    ("workstation", "乡镇(街道)工作站", "visit", True, True, None),
    ("court_workstation", "驻法院、检察院、看守所工作站", "visit", True, True, None),
    ("liaison_point", "村(社区)联络点", "visit", False, True, None),
    ("partner_office", "部门联络中心(妇联、工会、残联等)", "visit", False, True, None),
    ("detention_forward", "看守所转交", "forwarded", False, True, 24),
    ("duty_lawyer_forward", "值班律师转交", "forwarded", False, True, 24),
    ("proxy_acceptance", "律师事务所、法律服务所代受理", "visit", False, True, None),
]

NOTICE_TEXTS = [
    (
        "materials_notice",
        "法律援助申请补充材料一次性告知书",
        "{applicant}:\n"
        "你于{received_date}提出的法律援助申请(受理编号{number})经审查，申请材料尚不齐全。"
        "根据《中华人民共和国法律援助法》第四十三条的规定，现一次性告知你需要补充的全部材料(见下列清单)。\n"
        "请于{due_date}前将上述材料提交至{centre}或受理你申请的工作站。"
        "补充材料期间不计入审查期限；逾期未补充的，视为撤回申请。",
    ),
    (
        "deemed_withdrawal",
        "法律援助申请视为撤回告知书",
        "{applicant}:\n"
        "你于{received_date}提出的法律援助申请(受理编号{number}),本机构已于{notice_date}"
        "一次性告知你补充材料，补充期限至{due_date}届满。你未在期限内补充材料，"
        "根据《中华人民共和国法律援助法》第四十三条的规定，你的申请视为撤回。\n"
        "如你仍需法律援助，可以重新提出申请。",
    ),
    (
        "acceptance_notice",
        "法律援助初审案件受理通知书",
        "{applicant}:\n"
        "你于{received_date}提出的法律援助申请已收到，受理编号{number}。"
        "本工作站已完成初审，并将申请材料报送{centre}审查。"
        "{centre}将依法在收到申请之日起七日内(补充材料期间不计入)作出是否给予法律援助的决定。\n"
        "你可以凭受理编号和身份证号码(或手机号码)后四位在网上查询办理进度。",
    ),
    (
        "rights_and_duties",
        "申请人权利义务告知",
        "申请人应当如实说明经济困难状况，提供真实的申请材料；隐瞒事实、提供虚假材料骗取法律援助的，"
        "将终止法律援助并依法追回费用。申请人对不予法律援助的决定有异议的，可以向设立法律援助机构的司法行政部门提出。",
    ),
    (
        "online_receipt",
        "网上申请回执",
        "你的法律援助申请已提交，受理编号{number}。请妥善保存该编号。"
        "工作人员将在收到申请后尽快与你联系；如材料不全，会一次性告知你需要补充的全部材料。",
    ),
]

# (name, matter code or "", case type or "", waiver category or "", required, description)
MATERIALS = [
    ("申请人身份证明(居民身份证、户口簿等)", "", "", "", True, "代为申请的，还需提交代理人的身份证明及关系证明"),
    ("法律援助申请表", "", "", "", True, "由申请人本人签名或按手印"),
    ("经济困难状况说明表(个人诚信承诺)", "", "", "", True, "主张免予核查经济困难状况的除外"),
    ("与所申请事项有关的案件材料", "", "", "", True, "如起诉状、判决书、证据材料等"),
    ("劳动关系或欠薪证明材料", "labour", "", "", True, "劳动合同、工资条、考勤记录、证人证言等"),
    ("工伤认定书或劳动能力鉴定结论", "injury_work", "", "", False, "已作出认定或鉴定的提供"),
    ("交通事故认定书", "injury_traffic", "", "", True, ""),
    ("医疗费票据及病历", "injury_traffic", "", "", False, ""),
    ("医疗机构诊疗记录", "injury_medical", "", "", True, ""),
    ("家庭暴力、虐待、遗弃的相关证据", "abuse_victim", "", "", False, "报警记录、告诫书、伤情照片、证人证言等"),
    ("起诉书或立案材料", "criminal_defence", "", "", False, "侦查阶段申请的可不提供"),
    ("最低生活保障证或特困人员救助供养证", "", "", "social_assistance", True, ""),
    ("农村五保供养证", "", "", "five_guarantee", True, ""),
    ("残疾人证及无固定生活来源的证明", "", "", "no_income_disabled", True, ""),
    ("无固定生活来源的证明(村、社区出具)", "", "", "no_income_elderly", True, ""),
    ("法律援助卡", "", "", "legal_aid_card", True, ""),
    ("务工证明(劳动合同、工资单、考勤记录或工友证明)及户籍证明", "", "", "migrant_worker", True, ""),
]


def seed_defaults(apps, schema_editor=None) -> None:
    """Create the rows still missing (a database seeded before this migration keeps its edits)."""
    Channel = apps.get_model("intake", "Channel")
    NoticeText = apps.get_model("intake", "NoticeText")
    MaterialRequirement = apps.get_model("intake", "MaterialRequirement")
    MatterCategory = apps.get_model("legalaid", "MatterCategory")
    for order, (code, name, category, consult, apply, hours) in enumerate(CHANNELS, start=1):
        Channel.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "for_consultation": consult,
                "for_application": apply,
                "forward_hours": hours,
                "sort_order": order * 10,
            },
        )
    for kind, title, body in NOTICE_TEXTS:
        if not NoticeText.objects.filter(kind=kind).exists():
            NoticeText.objects.create(kind=kind, title=title, body=body)
    if MaterialRequirement.objects.exists():
        return
    matters = {m.code: m for m in MatterCategory.objects.all()}
    for order, (name, matter, case_type, waiver, required, description) in enumerate(MATERIALS, start=1):
        if matter and matter not in matters:
            continue
        MaterialRequirement.objects.create(
            name=name,
            matter=matters.get(matter) if matter else None,
            case_type=case_type,
            waiver_category=waiver,
            is_required=required,
            description=description,
            sort_order=order * 10,
        )
