"""Factories for eligibility's tests."""

from datetime import date
from decimal import Decimal

import factory

from eligibility.models import HardshipStandard, MatterScope, WaiverCategory
from legalaid.models import MatterCategory


class HardshipStandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HardshipStandard

    division_code = "340000"
    division_name = "安徽省"
    effective_from = date(2024, 1, 1)
    effective_to = None
    monthly_per_capita_line = Decimal("1000.00")


def supplementary_scope(code: str, province: str = "340000", **fields) -> MatterScope:
    return MatterScope.objects.create(
        matter=MatterCategory.objects.get(code=code),
        province_code=province,
        kind=MatterScope.Kind.SUPPLEMENTARY,
        effective_from=fields.pop("effective_from", date(2024, 1, 1)),
        **fields,
    )


def waiver(code: str) -> WaiverCategory:
    return WaiverCategory.objects.get(code=code)
