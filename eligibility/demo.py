"""Demo data for eligibility: standards for 安徽省 and 寿县, the supplementary scope, the spot-check
share, legal-aid cards, and assessments and decisions on the intake demo's applications."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from legalaid.models import MatterCategory

from .models import HardshipStandard, MatterScope, SpotCheckPolicy

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
        "《安徽省法律援助条例》:按当地最低生活保障标准的倍数确定",
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
SUPPLEMENTARY_BASIS = "《安徽省法律援助条例》补充事项;《法律援助便民服务工作意见》第三部分第(一)项"


def seed_rules() -> None:
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


@transaction.atomic
def seed_demo(stdout=None) -> None:
    seed_rules()
    if stdout:
        stdout.write(f"  经济困难标准 {HardshipStandard.objects.count()} 条,事项范围 {MatterScope.objects.count()} 条")
