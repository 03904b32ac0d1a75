from datetime import date
from decimal import Decimal

import pytest

from eligibility.demo import seed_local_rules
from tests.eligibility.factories import HardshipStandardFactory, ensure_national_rules


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
