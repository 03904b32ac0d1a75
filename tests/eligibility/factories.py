"""Factories for eligibility's tests."""

from datetime import date
from decimal import Decimal

import factory
from django.apps import apps

from eligibility.models import HardshipStandard, MatterScope, WaiverCategory
from eligibility.seed_data import seed_national_rules, seed_pledge_text
from legalaid.models import MatterCategory
from legalaid.seed_data import MATTER_CATEGORIES


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


def under_review(actor, centre, *, matter: str | None = "labour", case_type: str = "labour_arbitration", **fields):
    """An application accepted by the centre and waiting for its decision (UNDER_REVIEW)."""
    from intake import services as intake_services
    from intake.models import Channel
    from tests.intake.factories import PersonFactory

    applicant = fields.pop("applicant", None) or PersonFactory(created_by=actor)
    application = intake_services.application_submit(
        actor=actor,
        applicant=applicant,
        channel=Channel.objects.get(code="centre_window"),
        receiving_organisation=centre,
        case_type=case_type,
        criminal_stage="first_instance" if case_type == "criminal" else "",
        matter=MatterCategory.objects.get(code=matter) if matter else None,
        facts=fields.pop("facts", "在建筑工地务工八个月，老板拖欠工资两万三千元。"),
        service_requested=fields.pop("service_requested", "arbitration"),
        **fields,
    )
    return intake_services.application_accept(application, actor=actor)


def members(*incomes: str):
    """Household members: the applicant first, then relatives, with these monthly incomes."""
    from eligibility.services import MemberInput

    relations = ["self", "spouse", "child", "parent", "parent", "sibling"]
    return [
        MemberInput(name=f"成员{i}", relation=relations[i % len(relations)], monthly_income=Decimal(income))
        for i, income in enumerate(incomes)
    ]


def ensure_national_rules() -> None:
    """The rows the migrations seed. A transactional test that ran earlier (a browser test) flushed
    them, and nothing re-creates them on purpose: an administrator's deletion must stick."""
    if MatterScope.objects.filter(province_code="").exists():
        return
    for order, (code, name, case_type) in enumerate(MATTER_CATEGORIES, start=1):
        MatterCategory.objects.get_or_create(
            code=code, defaults={"name": name, "case_type": case_type, "sort_order": order * 10}
        )
    seed_national_rules(apps)
    seed_pledge_text(apps)
