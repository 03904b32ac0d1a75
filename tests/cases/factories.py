"""Factories for cases tests: a roster of handlers, notification-defence cases, granted applications."""

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from cases import services
from cases.models import Case, SubsidyStandard
from intake.models import Application, Channel, Person
from legalaid.models import MatterCategory, User
from legalaid.validators import id_check_char
from legalaid.vocabulary import CaseType, HandlerType
from tests.factories import make_handler

_serial = itertools.count(1)


def resident_id(birth: date = date(1985, 3, 9), *, region: str = "340422") -> str:
    first17 = f"{region}{birth:%Y%m%d}{next(_serial) % 999:03d}"
    return first17 + id_check_char(first17)


@dataclass
class Roster:
    minors_lawyer: User  # lawyer trained for minors, 5 years of criminal defence
    senior_lawyer: User  # lawyer, 10 years of criminal defence, labour specialty
    junior_lawyer: User  # lawyer, 1 year
    service_worker: User  # grassroots legal service worker, labour specialty


def make_roster(network) -> Roster:
    return Roster(
        minors_lawyer=make_handler(
            network.law_firm,
            HandlerType.PRACTISING_LAWYER,
            trained_for_minors=True,
            criminal_defence_years=5,
            specialties=["criminal_defence"],
        ),
        senior_lawyer=make_handler(
            network.law_firm,
            HandlerType.PRACTISING_LAWYER,
            criminal_defence_years=10,
            specialties=["criminal_defence", "labour"],
        ),
        junior_lawyer=make_handler(network.law_firm, HandlerType.PRACTISING_LAWYER, criminal_defence_years=1),
        service_worker=make_handler(network.law_firm, HandlerType.LEGAL_SERVICE_WORKER, specialties=["labour"]),
    )


def notification_case(actor, centre, **overrides) -> Case:
    today = timezone.localdate()
    fields = {
        "authority_kind": "court",
        "authority_name": "寿县人民法院",
        "letter_number": f"(2026)皖0422刑初{next(_serial)}号",
        "letter_date": today,
        "received_on": today,
        "accused_name": "李小明",
        "accused_birth_date": today.replace(year=today.year - 16) - timedelta(days=10),
        "charge": "盗窃罪",
        "ground": "minor",
        "criminal_stage": "first_instance",
    }
    fields.update(overrides)
    return services.case_open_from_notification(actor=actor, centre=centre, **fields)


def granted_application(network, *, case_type=CaseType.LABOUR_ARBITRATION, matter="labour", **overrides) -> Application:
    """A granted application made directly in the database (intake's own path is tested by intake)."""
    applicant = overrides.pop("applicant", None) or Person.objects.create(
        name=overrides.pop("name", "张建国"), id_number=resident_id(), birth_date=date(1985, 3, 9), sex="M"
    )
    now = timezone.now()
    fields = {
        "number": f"SQ2026{next(_serial):05d}",
        "applicant": applicant,
        "channel": Channel.objects.get(code="workstation"),
        "receiving_organisation": network.workstation,
        "centre": network.centre,
        "case_type": case_type,
        "matter": MatterCategory.objects.get(code=matter) if matter else None,
        "facts": "在建筑工地务工八个月，老板拖欠工资两万三千元。",
        "service_requested": "arbitration",
        "decision_due": timezone.localdate() + timedelta(days=7),
        "status": Application.Status.GRANTED,
        "decided_at": now,
    }
    fields.update(overrides)
    return Application.objects.create(**fields)


def subsidy_standard(case_type=CaseType.LABOUR_ARBITRATION, amount="1500.00", division_code="340400", **extra):
    return SubsidyStandard.objects.create(
        division_code=division_code,
        case_type=case_type,
        amount=amount,
        effective_from=date(2024, 1, 1),
        **extra,
    )
