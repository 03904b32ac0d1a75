from datetime import date
from decimal import Decimal

import pytest

from tests.eligibility.factories import HardshipStandardFactory


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
