"""Seed rows of the shared vocabularies.

Matter categories are national and seeded once by migration 0004; the divisions listed here are the demo
region's (淮南) and are created by the demo data only. A real installation adds its own in the admin.
"""

# (code, name, main case type); order follows LAL 31/32 and then the seeds' supplementary matters.
MATTER_CATEGORIES = [
    ("state_compensation", "请求国家赔偿", "administrative"),
    ("social_insurance", "请求给予社会保险待遇或者社会救助", ""),
    ("pension", "请求发给抚恤金", ""),
    ("support", "请求给付赡养费、抚养费、扶养费", "civil"),
    ("labour", "请求确认劳动关系或者支付劳动报酬", "labour_arbitration"),
    ("incapacity", "请求认定公民无民事行为能力或者限制民事行为能力", "civil"),
    ("injury_work", "请求工伤事故人身损害赔偿", ""),
    ("injury_traffic", "请求交通事故人身损害赔偿", "civil"),
    ("injury_food_drug", "请求食品药品安全事故人身损害赔偿", "civil"),
    ("injury_medical", "请求医疗事故人身损害赔偿", "civil"),
    ("environment", "请求环境污染、生态破坏损害赔偿", "civil"),
    ("martyr_personality_rights", "英雄烈士近亲属维护英雄烈士人格权益", "civil"),
    ("bravery_civil_claim", "因见义勇为行为主张相关民事权益", "civil"),
    ("retrial_state_compensation", "再审改判无罪请求国家赔偿", "administrative"),
    ("abuse_victim", "遭受虐待、遗弃或者家庭暴力的受害人主张相关权益", "civil"),
    ("criminal_defence", "刑事辩护", "criminal"),
    ("criminal_victim", "刑事被害人、自诉人、附带民事诉讼原告人代理", "criminal"),
    ("family", "婚姻家庭纠纷", "civil"),
    ("land_rights", "土地、山林、水利权属纠纷", ""),
    ("land_requisition", "征地拆迁纠纷", ""),
    ("consumer_agri_inputs", "假种子、假农药、假化肥等农资消费纠纷", "civil"),
    ("education", "就学纠纷", ""),
    ("medical_dispute", "就医纠纷", "civil"),
]

DIVISIONS = [
    ("340000", "安徽省"),
    ("340400", "淮南市"),
    ("340402", "大通区"),
    ("340403", "田家庵区"),
    ("340404", "谢家集区"),
    ("340405", "八公山区"),
    ("340406", "潘集区"),
    ("340421", "凤台县"),
    ("340422", "寿县"),
]


def seed_demo_divisions() -> None:
    from .models import Division

    for code, name in DIVISIONS:
        Division.objects.get_or_create(code=code, defaults={"name": name})
