"""Demo data for eligibility: the demo region's rules (standards for 安徽省 and 寿县, 安徽's supplementary
scope, 淮南's local waiver categories and simplified-procedure groups, the spot-check share), legal-aid
cards, and assessments and decisions on the intake demo's applications.

A real installation enters its own regional rules in admin; only the national rules are seeded for
every database (seed_data.py)."""

import random
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from legalaid.errors import DomainError
from legalaid.kernel import SYSTEM
from legalaid.models import MatterCategory, Organisation, User
from legalaid.validators import id_check_char

from . import services
from .models import (
    HardshipStandard,
    LegalAidCard,
    MatterScope,
    MeansAssessment,
    Objection,
    PriorityGroup,
    RefusalReason,
    SpotCheckPolicy,
    WaiverCategory,
)

DEMO_BASIS = "演示数据"

# (division, name, from, to, minimum-allowance base, multiple, basis)
STANDARDS = [
    (
        "340000",
        "安徽省",
        date(2022, 1, 1),
        None,
        "745.00",
        "1.50",
        "《安徽省法律援助条例》：按当地最低生活保障标准的倍数确定",
    ),
    (
        "340422",
        "寿县",
        date(2023, 1, 1),
        date(2024, 12, 31),
        "700.00",
        "2.00",
        "寿县人民政府办公室关于法律援助经济困难标准的通知",
    ),
    (
        "340422",
        "寿县",
        date(2025, 1, 1),
        None,
        "735.00",
        "2.00",
        "寿县人民政府办公室关于调整法律援助经济困难标准的通知",
    ),
]

SUPPLEMENTARY = ["family", "land_rights", "land_requisition", "consumer_agri_inputs", "education", "medical_dispute"]
SUPPLEMENTARY_BASIS = "《安徽省法律援助条例》补充事项；《法律援助便民服务工作意见》第三部分第(一)项"


# 淮南市《法律援助便民服务工作意见》(seed 000 §三(五)): local waiver categories and the groups whose
# applications are approved on the spot.
HUAINAN = "340400"
HUAINAN_FROM = date(2011, 6, 1)
HUAINAN_BASIS = "淮南市《法律援助便民服务工作意见》第三部分第(五)项"
HUAINAN_WAIVERS = [
    ("legal_aid_card", "法律援助卡持卡人", "有效的法律援助卡"),
    ("five_guarantee", "五保供养对象", "农村五保供养证"),
    ("hardship_worker", "特困职工", "工会发放的特困职工证"),
    ("poverty_alleviation", "扶贫对象", "扶贫部门出具的扶贫对象证明"),
    ("welfare_resident", "社会福利机构供养人员", "社会福利机构出具的供养证明"),
]
HUAINAN_PRIORITY_GROUPS = [
    ("hardship_worker", "特困职工"),
    ("returning_migrant_worker", "返乡农民工"),
    ("land_requisitioned_farmer", "生活困难的被征地农民"),
    ("newly_unemployed", "新失业人员"),
]


def seed_local_rules() -> None:
    """淮南's local waiver categories and priority groups (idempotent; for the demo and the tests)."""
    for order, (code, name, proof) in enumerate(HUAINAN_WAIVERS, start=8):
        WaiverCategory.objects.get_or_create(
            code=code,
            region_code=HUAINAN,
            effective_from=HUAINAN_FROM,
            defaults={
                "name": name,
                "legal_basis": HUAINAN_BASIS,
                "proof_document": proof,
                "is_local": True,
                "sort_order": order * 10,
            },
        )
    for order, (code, name) in enumerate(HUAINAN_PRIORITY_GROUPS, start=1):
        PriorityGroup.objects.get_or_create(
            code=code,
            region_code=HUAINAN,
            effective_from=HUAINAN_FROM,
            defaults={"name": name, "legal_basis": HUAINAN_BASIS, "sort_order": order * 10},
        )


def seed_rules() -> None:
    seed_local_rules()
    for code, name, start, end, base, multiple, basis in STANDARDS:
        if HardshipStandard.objects.filter(division_code=code, effective_from=start).exists():
            continue
        standard = HardshipStandard(
            division_code=code,
            division_name=name,
            effective_from=start,
            effective_to=end,
            minimum_allowance_base=Decimal(base),
            multiple=Decimal(multiple),
            legal_basis=f"{basis}({DEMO_BASIS})",
        )
        standard.full_clean()
        standard.save()
    for code in SUPPLEMENTARY:
        MatterScope.objects.get_or_create(
            matter=MatterCategory.objects.get(code=code),
            province_code="340000",
            effective_from=date(2022, 1, 1),
            defaults={"kind": MatterScope.Kind.SUPPLEMENTARY, "legal_basis": SUPPLEMENTARY_BASIS},
        )
    SpotCheckPolicy.objects.get_or_create(
        effective_from=date(2022, 1, 1),
        defaults={"share_percent": Decimal("10.00"), "minimum_count": 1, "legal_basis": "法律援助法第四十一条"},
    )


DEMO_NOTE = "演示数据(资格审查)"
CENTRE = "寿县法律援助中心"

# Cards for people of intake's demo (by name) and for two people who never applied.
CARD_HOLDERS = [
    ("王秀英", LegalAidCard.Group.DISABLED, "残疾人证 34042219521120**42(二级)"),
    ("周大林", LegalAidCard.Group.DISABLED, "残疾人证 34042219781010**11(一级)"),
    ("冯玉兰", LegalAidCard.Group.DISABLED, "残疾人证 34042219470606**42(二级)"),
]
OTHER_HOLDERS = [
    ("鲁桂芝", date(1956, 4, 18), True, LegalAidCard.Group.MINIMUM_ALLOWANCE, "最低生活保障证 寿民低字第2024-0318号"),
    ("钱有福", date(1949, 9, 2), False, LegalAidCard.Group.EXTREME_POVERTY, "特困人员救助供养证 寿特字第0097号"),
]


def _id_number(birth: date, female: bool, serial: int) -> str:
    first17 = f"340422{birth:%Y%m%d}{(serial * 2 + (0 if female else 1)) % 1000:03d}"
    return first17 + id_check_char(first17)


def seed_cards(centre, staff) -> None:
    from intake.models import Person

    for name, group, proof in CARD_HOLDERS:
        person = Person.objects.filter(name=name).exclude(id_number="").first()
        if person is None or LegalAidCard.objects.filter(holder_id_number=person.id_number).exists():
            continue
        services.card_issue(
            actor=staff,
            centre=centre,
            holder_name=person.name,
            holder_id_number=person.id_number,
            holder_phone=person.phone,
            group=group,
            proof_document=proof,
            issued_on=date(2025, 5, 20),
        )
    for serial, (name, birth, female, group, proof) in enumerate(OTHER_HOLDERS, start=601):
        number = _id_number(birth, female, serial)
        if LegalAidCard.objects.filter(holder_id_number=number).exists():
            continue
        card = services.card_issue(
            actor=staff,
            centre=centre,
            holder_name=name,
            holder_id_number=number,
            group=group,
            proof_document=proof,
            issued_on=date(2024, 9, 1),
        )
        if name == "钱有福":
            services.card_revoke(card, actor=staff, reason="持卡人已入住县社会福利中心，由福利机构代为申请。")


def _claim_for(application) -> list[services.ClaimInput]:
    code = application.waiver_claimed
    if code == "legal_aid_card":
        card = LegalAidCard.objects.filter(holder_id_number=application.applicant.id_number).first()
        if card is not None and card.is_valid_today:
            return [services.ClaimInput(code, card_number=card.number)]
    if code == "migrant_worker" and application.matter_id and application.matter.code in ("labour", "injury_work"):
        return [services.ClaimInput(code, "劳动合同复印件、工友证明两份、户口簿")]
    return [services.ClaimInput("social_assistance", "最低生活保障证 寿民低字第2025-1107号")]


def _decide(application, staff, director, plan: str) -> None:
    name = application.applicant.name
    M = services.MemberInput
    if plan == "means_grant":
        family = [
            M(name, "self", Decimal("1200")),
            M("配偶", "spouse", Decimal("600")),
            M("子女", "child", Decimal("0")),
        ]
        services.assessment_create(
            application, actor=staff, members=family, integrity_pledge=True, notes=f"{DEMO_NOTE}:务农及零工收入。"
        )
        services.application_decide(application, actor=director, granted=True)
    elif plan == "waived_grant":
        services.assessment_create(
            application,
            actor=staff,
            members=[],
            integrity_pledge=False,
            claims=_claim_for(application),
            notes=DEMO_NOTE,
        )
        services.application_decide(application, actor=director, granted=True)
    elif plan == "refusal":
        family = [M(name, "self", Decimal("6000")), M("配偶", "spouse", Decimal("2500"))]
        services.assessment_create(
            application, actor=staff, members=family, integrity_pledge=True, notes=f"{DEMO_NOTE}:个体经营。"
        )
        services.application_decide(
            application,
            actor=director,
            granted=False,
            refusal_reasons=[RefusalReason.NOT_NEEDY],
            reason_text="申请人与配偶经营农资门市，家庭人均月收入4250元，明显高于本县经济困难标准。",
        )
        application.refresh_from_db()
        services.objection_file(
            actor=staff,
            kind=Objection.Kind.REFUSAL,
            application=application,
            grounds="门市今年以来亏损，申报的收入是去年的情况，请求重新审查。",
        )
    elif plan == "priority_grant":
        family = [M(name, "self", Decimal("0")), M("父亲", "parent", Decimal("800"))]
        services.assessment_create(
            application,
            actor=staff,
            members=family,
            integrity_pledge=True,
            priority_group_code="newly_unemployed",
            notes=f"{DEMO_NOTE}:工厂停产失业，即申即批。",
        )
        services.application_decide(application, actor=director, granted=True)
    elif plan == "incomplete":
        services.assessment_create(
            application,
            actor=staff,
            members=[M(name, "self", Decimal("1000"))],
            integrity_pledge=False,
            notes=f"{DEMO_NOTE}:申请人未到场签署诚信承诺，待补签。",
        )


PLANS = ["means_grant", "waived_grant", "refusal", "priority_grant", "incomplete", "means_grant"]


def seed_decisions(centre, staff, director) -> int:
    """Assess and decide a few of intake's demo applications waiting at the centre; once only."""
    from intake.models import Application

    if MeansAssessment.objects.filter(notes__startswith=DEMO_NOTE).exists():
        return 0
    waiting = (
        Application.objects.filter(centre=centre, status=Application.Status.UNDER_REVIEW, means_assessments=None)
        .select_related("applicant", "matter")
        .order_by("number")
    )
    done = 0
    for application, plan in zip(list(waiting[: len(PLANS)]), PLANS, strict=False):
        try:
            with transaction.atomic():
                _decide(application, staff, director, plan)
        except DomainError:
            continue  # e.g. a case type the plan does not fit; leave it for the demo user
        done += 1
    return done


@transaction.atomic
def seed_demo(stdout=None) -> None:
    seed_rules()
    centre = Organisation.objects.filter(name=CENTRE).first()
    users = {u.username: u for u in User.objects.filter(username__in=["staff", "director"])}
    decided = 0
    if centre is not None and len(users) == 2:
        seed_cards(centre, users["staff"])
        decided = seed_decisions(centre, users["staff"], users["director"])
        # This month's pledge-based grants, drawn now so the spot-check page has something to show.
        services.spot_checks_draw(centre, timezone.localdate(), actor=SYSTEM, rng=random.Random(2026))
    if stdout:
        stdout.write(
            f"  经济困难标准 {HardshipStandard.objects.count()} 条，事项范围 {MatterScope.objects.count()} 条，"
            f"法律援助卡 {LegalAidCard.objects.count()} 张，本次审查决定 {decided} 件"
        )
