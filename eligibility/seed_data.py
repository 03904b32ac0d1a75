"""The rules the law sets for the whole country (LAL 24, 29, 31, 32, 41, 42) and the pledge's wording.

Seeded once by migrations 0002 and 0004; every row stays editable in admin, and one an administrator
removes is never brought back. Regional rows (a province's supplementary scope, 淮南's local waiver
categories and priority groups, hardship standards) are each deployment's own: see `demo.py`.
"""

from datetime import date

LAL = date(2022, 1, 1)  # the Legal Aid Law in force

PLEDGE_TITLE = "法律援助申请人经济困难状况诚信承诺"
PLEDGE_BODY = (
    "本人申请法律援助，郑重承诺：本人所填报的家庭人口、家庭成员收入和财产等经济状况真实、准确、完整，"
    "没有隐瞒或者虚构。本人知悉，法律援助机构可以通过信息共享查询、抽查等方式核实本人的经济状况；"
    "如承诺不实，法律援助机构将依照《中华人民共和国法律援助法》第四十八条终止法律援助，"
    "并由司法行政部门依照第六十四条责令本人支付已实施法律援助的费用，处三千元以下罚款。"
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

# (code, name, basis, proof document, matters (empty: all))
WAIVER_CATEGORIES = [
    (
        "no_income_minor",
        "无固定生活来源的未成年人",
        "法律援助法第四十二条第(一)项",
        "身份证明及村(居)民委员会或民政部门出具的无固定生活来源证明",
        [],
    ),
    (
        "no_income_elderly",
        "无固定生活来源的老年人",
        "法律援助法第四十二条第(一)项",
        "身份证明及村(居)民委员会或民政部门出具的无固定生活来源证明",
        [],
    ),
    (
        "no_income_disabled",
        "无固定生活来源的残疾人",
        "法律援助法第四十二条第(一)项",
        "残疾人证及无固定生活来源证明",
        [],
    ),
    (
        "social_assistance",
        "社会救助对象",
        "法律援助法第四十二条第(二)项",
        "最低生活保障证、特困人员救助供养证或民政部门出具的救助证明",
        [],
    ),
    (
        "judicial_assistance",
        "司法救助对象",
        "法律援助法第四十二条第(二)项",
        "人民法院、人民检察院或公安机关出具的司法救助决定书或证明",
        [],
    ),
    ("special_care", "优抚对象", "法律援助法第四十二条第(二)项", "退役军人事务部门出具的优抚对象证明或抚恤证件", []),
    (
        "migrant_worker",
        "申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员",
        "法律援助法第四十二条第(三)项",
        "务工证明(劳动合同、工资单、考勤记录或工友证明)及户籍证明",
        ["labour", "injury_work"],
    ),
]


def seed_pledge_text(apps) -> None:
    PledgeText = apps.get_model("eligibility", "PledgeText")
    PledgeText.objects.get_or_create(effective_from=LAL, defaults={"title": PLEDGE_TITLE, "body": PLEDGE_BODY})


def seed_national_rules(apps) -> None:
    """The statutory scope and the national waiver categories, for the matter categories that exist."""
    MatterCategory = apps.get_model("legalaid", "MatterCategory")
    MatterScope = apps.get_model("eligibility", "MatterScope")
    WaiverCategory = apps.get_model("eligibility", "WaiverCategory")
    matters = {m.code: m for m in MatterCategory.objects.all()}
    for code, means_test, basis in STATUTORY_SCOPE:
        if code in matters:
            MatterScope.objects.get_or_create(
                matter=matters[code],
                province_code="",
                effective_from=LAL,
                defaults={"kind": "statutory", "means_test_required": means_test, "legal_basis": basis},
            )
    for order, (code, name, basis, proof, matter_codes) in enumerate(WAIVER_CATEGORIES, start=1):
        category, created = WaiverCategory.objects.get_or_create(
            code=code,
            region_code="",
            effective_from=LAL,
            defaults={"name": name, "legal_basis": basis, "proof_document": proof, "sort_order": order * 10},
        )
        if created and matter_codes:
            category.matters.set([matters[m] for m in matter_codes if m in matters])
