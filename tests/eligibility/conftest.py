from datetime import date
from decimal import Decimal

import pytest
import time_machine

from eligibility import services
from eligibility.demo import seed_local_rules
from eligibility.models import LegalAidCard, SpotCheckPolicy
from legalaid.kernel import SYSTEM
from legalaid.roles import Role
from tests.eligibility.factories import HardshipStandardFactory, ensure_national_rules, members, under_review
from tests.factories import make_member
from tests.roles.network import add_bureau


@pytest.fixture(autouse=True)
def national_rules(request):
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        ensure_national_rules()


@pytest.fixture
def huainan_rules(db):
    """淮南's local waiver categories (legal-aid card, five-guarantee…) and priority groups: demo data."""
    seed_local_rules()


@pytest.fixture
def standards(db):
    """安徽省 900 yuan, 寿县 (the test centre's division) 1000 yuan per head per month."""
    return (
        HardshipStandardFactory(
            division_code="340000", monthly_per_capita_line=Decimal("900.00"), effective_from=date(2022, 1, 1)
        ),
        HardshipStandardFactory(
            division_code="340422",
            division_name="寿县",
            monthly_per_capita_line=Decimal("1000.00"),
            effective_from=date(2022, 1, 1),
        ),
    )


@pytest.fixture
def director(network):
    return make_member(network.centre, Role.CENTRE_DIRECTOR, username="director")


@pytest.fixture
def bureau(network):
    return add_bureau(network)


@pytest.fixture
def world(alice, director, network, standards):
    """A refused application with a pending objection, a granted one drawn for a spot-check, a card."""
    SpotCheckPolicy.objects.create(effective_from=date(2022, 1, 1), share_percent=Decimal("100"))
    with time_machine.travel("2026-02-10 10:00 +08:00", tick=False):
        granted = under_review(alice, network.centre)
        services.assessment_create(granted, actor=alice, members=members("500"), integrity_pledge=True)
        grant = services.application_decide(granted, actor=alice, granted=True)
    check = services.spot_checks_draw(network.centre, date(2026, 2, 1), actor=SYSTEM).checks.get()
    refused = under_review(alice, network.centre)
    services.assessment_create(refused, actor=alice, members=members("5000"), integrity_pledge=True)
    refusal = services.application_decide(
        refused, actor=alice, granted=False, refusal_reasons=["not_needy"], reason_text="收入高于标准。"
    )
    refused.refresh_from_db()
    objection = services.objection_file(actor=alice, kind="refusal", application=refused, grounds="不服")
    card = services.card_issue(
        actor=alice,
        centre=network.centre,
        holder_name="李桂英",
        holder_id_number="34042219500301002X",
        group=LegalAidCard.Group.MINIMUM_ALLOWANCE,
        proof_document="低保证 0001",
    )
    return {
        "granted": granted,
        "grant": grant,
        "refused": refused,
        "refusal": refusal,
        "objection": objection,
        "check": check,
        "card": card,
    }
