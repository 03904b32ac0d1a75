"""The rules the law sets (LAL 24, 29, 31, 32, 41, 42) and the local waiver categories and priority
groups of 淮南市's 法律援助便民服务 opinion (seed 000 §三(五)), ensured after every migrate.

All rows stay editable in admin; supplementary (local) scope and the standards are demo data.
"""

from datetime import date

from django.apps import apps as global_apps

from legalaid.seed_data import MATTER_CATEGORIES

LAL = date(2022, 1, 1)  # the Legal Aid Law in force
LOCAL = date(2011, 6, 1)  # 淮南市 法律援助便民服务 opinion
LOCAL_REGION = "340400"
LOCAL_BASIS = "淮南市《法律援助便民服务工作意见》第三部分第(五)项"

PLEDGE_TITLE = "法律援助申请人经济困难状况诚信承诺"
PLEDGE_BODY = (
    "本人申请法律援助,郑重承诺:本人所填报的家庭人口、家庭成员收入和财产等经济状况真实、准确、完整,"
    "没有隐瞒或者虚构。本人知悉,法律援助机构可以通过信息共享查询、抽查等方式核实本人的经济状况;"
    "如承诺不实,法律援助机构将依照《中华人民共和国法律援助法》第四十八条终止法律援助,"
    "并由司法行政部门依照第六十四条责令本人支付已实施法律援助的费用,处三千元以下罚款。"
)

# (matter, means test required, basis)
STATUTORY_SCOPE = [
    ("state_compensation", True, "法律援助法第三十一条第(一)项"),
    ("social_insurance", True, "法律援助法第三十一条第(二)项"),
    ("pension", True, "法律援助法第三十一条第(三)项"),
    ("support", True, "法律援助法第三十一条第(四)项"),
    ("labour", True, "法律援助法第三十一条第(五)项"),
    ("incapacity", True, "法律援助法第三十一条第(六)项"),
    ("injury_work", True, "法律援助法第三十一条第(七)项"),
    ("injury_traffic", True, "法律援助法第三十一条第(七)项"),
    ("injury_food_drug", True, "法律援助法第三十一条第(七)项"),
    ("injury_medical", True, "法律援助法第三十一条第(七)项"),
    ("environment", True, "法律援助法第三十一条第(八)项"),
    ("martyr_personality_rights", False, "法律援助法第三十二条第(一)项"),
    ("bravery_civil_claim", False, "法律援助法第三十二条第(二)项"),
    ("retrial_state_compensation", False, "法律援助法第三十二条第(三)项"),
    ("abuse_victim", False, "法律援助法第三十二条第(四)项"),
    ("criminal_defence", True, "法律援助法第二十四条"),
    ("criminal_victim", True, "法律援助法第二十九条"),
]

# (code, name, basis, proof document, matters (empty: all), local?)
WAIVER_CATEGORIES = [
    (
        "no_income_minor",
        "无固定生活来源的未成年人",
        "法律援助法第四十二条第(一)项",
        "身份证明及村(居)民委员会或民政部门出具的无固定生活来源证明",
        [],
        False,
    ),
    (
        "no_income_elderly",
        "无固定生活来源的老年人",
        "法律援助法第四十二条第(一)项",
        "身份证明及村(居)民委员会或民政部门出具的无固定生活来源证明",
        [],
        False,
    ),
    (
        "no_income_disabled",
        "无固定生活来源的残疾人",
        "法律援助法第四十二条第(一)项",
        "残疾人证及无固定生活来源证明",
        [],
        False,
    ),
    (
        "social_assistance",
        "社会救助对象",
        "法律援助法第四十二条第(二)项",
        "最低生活保障证、特困人员救助供养证或民政部门出具的救助证明",
        [],
        False,
    ),
    (
        "judicial_assistance",
        "司法救助对象",
        "法律援助法第四十二条第(二)项",
        "人民法院、人民检察院或公安机关出具的司法救助决定书或证明",
        [],
        False,
    ),
    (
        "special_care",
        "优抚对象",
        "法律援助法第四十二条第(二)项",
        "退役军人事务部门出具的优抚对象证明或抚恤证件",
        [],
        False,
    ),
    (
        "migrant_worker",
        "申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员",
        "法律援助法第四十二条第(三)项",
        "务工证明(劳动合同、工资单、考勤记录或工友证明)及户籍证明",
        ["labour", "injury_work"],
        False,
    ),
    ("legal_aid_card", "法律援助卡持卡人", LOCAL_BASIS, "有效的法律援助卡", [], True),
    ("five_guarantee", "五保供养对象", LOCAL_BASIS, "农村五保供养证", [], True),
    ("hardship_worker", "特困职工", LOCAL_BASIS, "工会发放的特困职工证", [], True),
    ("poverty_alleviation", "扶贫对象", LOCAL_BASIS, "扶贫部门出具的扶贫对象证明", [], True),
    ("welfare_resident", "社会福利机构供养人员", LOCAL_BASIS, "社会福利机构出具的供养证明", [], True),
]

PRIORITY_GROUPS = [
    ("hardship_worker", "特困职工"),
    ("returning_migrant_worker", "返乡农民工"),
    ("land_requisitioned_farmer", "生活困难的被征地农民"),
    ("newly_unemployed", "新失业人员"),
]


def ensure_rules(apps=global_apps, **kwargs) -> None:
    """post_migrate: create the seeded rows that are missing; rows edited (or ended) in admin are left alone.

    A database flushed by the tests gets them back, like legalaid's vocabularies.
    """
    try:
        apps.get_model("eligibility", "PledgeText")
    except LookupError:
        return  # migrating to a state before these tables exist
    ensure_statutory_rules(apps)
    ensure_pledge_text(apps)


def ensure_pledge_text(apps) -> None:
    PledgeText = apps.get_model("eligibility", "PledgeText")
    PledgeText.objects.get_or_create(effective_from=LAL, defaults={"title": PLEDGE_TITLE, "body": PLEDGE_BODY})


def ensure_statutory_rules(apps) -> None:
    MatterCategory = apps.get_model("legalaid", "MatterCategory")
    MatterScope = apps.get_model("eligibility", "MatterScope")
    WaiverCategory = apps.get_model("eligibility", "WaiverCategory")
    PriorityGroup = apps.get_model("eligibility", "PriorityGroup")

    matters = {}
    for order, (code, name, case_type) in enumerate(MATTER_CATEGORIES, start=1):
        matters[code], _ = MatterCategory.objects.get_or_create(
            code=code, defaults={"name": name, "case_type": case_type, "sort_order": order * 10}
        )
    for code, means_test, basis in STATUTORY_SCOPE:
        MatterScope.objects.get_or_create(
            matter=matters[code],
            province_code="",
            effective_from=LAL,
            defaults={"kind": "statutory", "means_test_required": means_test, "legal_basis": basis},
        )
    for order, (code, name, basis, proof, matter_codes, local) in enumerate(WAIVER_CATEGORIES, start=1):
        category, created = WaiverCategory.objects.get_or_create(
            code=code,
            region_code=LOCAL_REGION if local else "",
            effective_from=LOCAL if local else LAL,
            defaults={
                "name": name,
                "legal_basis": basis,
                "proof_document": proof,
                "is_local": local,
                "sort_order": order * 10,
            },
        )
        if created and matter_codes:
            category.matters.set([matters[m] for m in matter_codes])
    for order, (code, name) in enumerate(PRIORITY_GROUPS, start=1):
        PriorityGroup.objects.get_or_create(
            code=code,
            region_code=LOCAL_REGION,
            effective_from=LOCAL,
            defaults={"name": name, "legal_basis": LOCAL_BASIS, "sort_order": order * 10},
        )
