"""The effective-dated rules a director keeps for their region: a new version from a chosen date, the
current one ending the day before, never a past period edited, every change attributed and listed."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.models import SubsidyStandard
from eligibility.models import HardshipStandard, WaiverCategory
from legalaid.directory import rules
from legalaid.errors import DomainError
from legalaid.models import MatterCategory
from legalaid.roles import Role
from legalaid.vocabulary import CaseType
from tests.conftest import login
from tests.factories import make_member

NEXT_MONTH = date(2026, 12, 1)

pytestmark = pytest.mark.usefixtures("monday_morning")


@pytest.fixture
def subsidies():
    return rules.table_for("subsidy-standards")


@pytest.fixture
def standard(db):
    return SubsidyStandard.objects.create(
        division_code="340422", case_type=CaseType.CIVIL, amount="1500.00", effective_from=date(2024, 1, 1)
    )


def values(**changes):
    return {"division_code": "340422", "case_type": CaseType.CIVIL, "criminal_stage": "", "amount": "1800.00",
            "note": "寿司发〔2026〕9号", **changes}  # fmt: skip


def test_a_new_version_ends_the_current_one_the_day_before(director, subsidies, standard):
    new = rules.rule_version_create(subsidies, actor=director, values=values(), effective_from=NEXT_MONTH)
    standard.refresh_from_db()
    assert standard.effective_to == date(2026, 11, 30)
    assert (new.effective_from, new.effective_to, new.amount) == (NEXT_MONTH, None, Decimal("1800.00"))
    assert standard.history.first().history_user == director
    assert new.history.get().history_user == director
    assert SubsidyStandard.objects.count() == 2  # nothing replaced in place, nothing deleted


def test_never_the_past_never_before_a_later_version(director, subsidies, standard):
    with pytest.raises(DomainError, match="过去"):
        rules.rule_version_create(subsidies, actor=director, values=values(), effective_from=date(2026, 11, 1))
    rules.rule_version_create(subsidies, actor=director, values=values(), effective_from=date(2027, 1, 1))
    with pytest.raises(DomainError, match="2027年1月1日"):
        rules.rule_version_create(subsidies, actor=director, values=values(), effective_from=NEXT_MONTH)


def test_only_the_directors_region(director, other_director, alice, subsidies, standard):
    with pytest.raises(DomainError, match="本中心所在地区"):
        rules.rule_version_create(subsidies, actor=other_director, values=values(), effective_from=NEXT_MONTH)
    with pytest.raises(DomainError, match="本中心所在地区"):  # the city's standard is the city centre's
        rules.rule_version_create(
            subsidies, actor=director, values=values(division_code="340400"), effective_from=NEXT_MONTH
        )
    with pytest.raises(DomainError):
        rules.rule_version_create(subsidies, actor=alice, values=values(), effective_from=NEXT_MONTH)
    assert SubsidyStandard.objects.get().effective_to is None


def test_a_first_version_of_a_new_rule(director, subsidies):
    new = rules.rule_version_create(
        subsidies, actor=director, values=values(case_type=CaseType.CRIMINAL), effective_from=NEXT_MONTH
    )
    assert new.effective_to is None


def test_a_waiver_category_keeps_its_matters(director):
    matter = MatterCategory.objects.first()
    old = WaiverCategory.objects.create(
        code="veteran", name="退役军人", legal_basis="地方规定", proof_document="优待证",
        region_code="340422", effective_from=date(2025, 1, 1),
    )  # fmt: skip
    old.matters.set([matter])
    new = rules.rule_version_create(
        rules.table_for("waiver-categories"),
        actor=director,
        values={"code": "veteran", "region_code": "340422", "name": "退役军人及其家属", "legal_basis": "地方规定",
                "proof_document": "优待证", "is_local": True, "sort_order": 100},
        effective_from=NEXT_MONTH,
    )  # fmt: skip
    assert list(new.matters.all()) == [matter]
    old.refresh_from_db()
    assert old.effective_to == date(2026, 11, 30)


def test_the_what_if_saves_nothing(director, subsidies, standard):
    preview = rules.rule_version_preview(subsidies, actor=director, values=values(), effective_from=NEXT_MONTH)
    assert "在办的同类案件0件" in preview.summary
    standard.refresh_from_db()
    assert standard.effective_to is None and SubsidyStandard.objects.count() == 1
    assert standard.history.count() == 1


def test_the_hardship_what_if_is_the_admins(director):
    HardshipStandard.objects.create(
        division_code="340422", monthly_per_capita_line="900.00", effective_from=date(2025, 1, 1)
    )
    preview = rules.rule_version_preview(
        rules.table_for("hardship-standards"),
        actor=director,
        values={"division_code": "340422", "monthly_per_capita_line": Decimal("1000.00"),
                "minimum_allowance_base": None, "multiple": None, "asset_limit": None, "legal_basis": ""},
        effective_from=NEXT_MONTH,
    )  # fmt: skip
    assert "件申请中" in preview.summary
    assert HardshipStandard.objects.get().effective_to is None


def test_the_change_list_is_attributed(director, other_director, subsidies, standard):
    rules.rule_version_create(subsidies, actor=director, values=values(), effective_from=NEXT_MONTH)
    changes = rules.changes_for_director(director)
    assert [change.kind for change in changes[:2]] == ["新增版本", "设定失效日期"]
    assert {change.actor for change in changes[:2]} == {"王主任"}
    assert rules.changes_for_director(other_director) == []


def test_pages_three_personas(director, other_director, alice, standard):
    for url in (reverse("directory:rules"), reverse("directory:rule_new", args=["subsidy-standards"])):
        assert login(alice).get(url).status_code == 403
        assert login(director).get(url).status_code == 200
    from_row = reverse("directory:rule_new", args=["subsidy-standards"]) + f"?from={standard.pk}"
    assert login(director).get(from_row).status_code == 200
    assert login(other_director).get(from_row).status_code == 404
    assert login(director).get(reverse("directory:rule_new", args=["no-such-rules"])).status_code == 404


def test_the_form_previews_then_saves(director, standard):
    client = login(director)
    url = reverse("directory:rule_new", args=["subsidy-standards"])
    form = {**values(), "effective_from": "2026-12-01"}
    preview = client.post(url, {**form, "preview": "1"})
    assert preview.status_code == 200 and "试算结果" in preview.content.decode()
    assert SubsidyStandard.objects.count() == 1
    saved = client.post(url, {**form, "save": "1"})
    assert saved.status_code == 302
    page = client.get(reverse("directory:rules")).content.decode()
    assert "2026-12-01" in page and "2026-11-30" in page
    refused = client.post(url, {**form, "effective_from": "2026-11-01", "save": "1"})
    assert refused.status_code == 200 and "过去" in refused.content.decode()


@pytest.fixture
def city_director(network):
    return make_member(network.city, Role.CENTRE_DIRECTOR, username="director_city", last_name="市", first_name="主任")


HOLIDAYS_REFUSED = "节假日调整影响全系统所有中心的工作日计算，只有市级法律援助中心主任或系统管理员可以补充。"


def test_a_holiday_override_from_today_on_attributed(city_director, director):
    from supervision.models import Holiday

    row = rules.calendar_override_add(actor=city_director, day=date(2027, 12, 31), kind="day_off", name="地方补充")
    assert row.history.get().history_user == city_director
    with pytest.raises(DomainError, match="已有调整"):
        rules.calendar_override_add(actor=city_director, day=date(2027, 12, 31), kind="workday", name="改")
    with pytest.raises(DomainError, match="过去"):
        rules.calendar_override_add(actor=city_director, day=date(2026, 11, 1), kind="day_off", name="补")
    assert Holiday.objects.get().kind == "day_off"
    # Holidays hold everywhere: the county director's change list shows the city's adjustment too.
    assert any(change.subject.startswith("2027-12-31") for change in rules.changes_for_director(director))


def test_only_the_city_director_or_the_administrator_adjusts_holidays(city_director, director, network):
    from legalaid.kernel import SYSTEM
    from supervision.models import Holiday

    administrator = make_member(network.city, Role.ADMINISTRATOR, username="admin_h")
    for refused in (director, make_member(network.city, Role.CENTRE_STAFF, username="staff_h"), SYSTEM):
        with pytest.raises(DomainError) as error:
            rules.calendar_override_add(actor=refused, day=date(2027, 6, 30), kind="day_off", name="县里补充")
        assert error.value.message == HOLIDAYS_REFUSED
    assert not Holiday.objects.exists()
    assert rules.holiday_refusal(city_director) is None and rules.holiday_refusal(administrator) is None
    rules.calendar_override_add(actor=administrator, day=date(2027, 6, 30), kind="day_off", name="全市补充")
    assert Holiday.objects.get().history.get().history_user == administrator


def test_the_holiday_page(city_director, director, alice, network):
    url = reverse("directory:holidays")
    assert login(alice).get(url).status_code == 403
    # The county director reads the calendar: no form, the reason instead, and a POST is refused.
    county = login(director)
    page = county.get(url)
    assert page.status_code == 200
    assert HOLIDAYS_REFUSED in page.content.decode() and 'name="date"' not in page.content.decode()
    assert county.post(url, {"date": "2027-06-30", "kind": "day_off", "name": "县里补充"}).status_code == 403
    city = login(city_director)
    assert 'name="date"' in city.get(url).content.decode()
    response = city.post(url, {"date": "2027-06-30", "kind": "day_off", "name": "地方补充"})
    assert response.status_code == 302
    assert "地方补充" in county.get(url).content.decode()
    administrator = login(make_member(network.city, Role.ADMINISTRATOR, username="admin_p"))
    assert 'name="date"' in administrator.get(url).content.decode()
