"""Opening cases: notification defence, granted applications, numbering, aided persons and group cases."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from cases import services
from cases.models import Case, CaseEvent, CaseNumberSetting, CaseParty
from intake.models import Application, Person
from legalaid.errors import DomainError
from tests.cases.factories import granted_application, notification_case, resident_id

pytestmark = pytest.mark.django_db

NOW = "2026-03-10 09:30 +08:00"


@time_machine.travel(NOW, tick=False)
def test_notification_letter_opens_a_case_without_application(network, alice):
    case = notification_case(alice, network.centre, received_on=date(2026, 3, 9), letter_date=date(2026, 3, 8))
    assert case.number == "〔2026〕皖0422法援刑字第0001号"
    assert case.status == Case.Status.ACCEPTED
    assert case.source == Case.Source.COURT and case.is_notification_defence
    assert case.application is None
    assert case.assignment_due == date(2026, 3, 12)  # 3 days from receipt (LAL 36)
    assert case.received_by == network.centre
    assert case.notification.accused_is_minor
    party = case.parties.get()
    assert party.is_primary and party.person.name == "李小明"
    transition = case.transitions.get()
    assert (transition.from_status, transition.to_status, transition.actor) == ("", "accepted", alice)
    assert "寿县人民法院" in transition.reason and "未成年人" in transition.reason


@time_machine.travel(NOW, tick=False)
def test_numbers_run_per_centre_year_and_type(network, alice, charlie):
    first = notification_case(alice, network.centre)
    second = notification_case(alice, network.centre)
    civil = services.case_open_from_application(
        granted_application(network, case_type="civil", matter="family"), actor=alice
    )
    other = notification_case(charlie, network.other_centre)
    assert [first.sequence, second.sequence, civil.sequence, other.sequence] == [1, 2, 1, 1]
    assert civil.number == "〔2026〕皖0422法援民字第0001号"
    assert other.number == "〔2026〕皖0421法援刑字第0001号"
    with time_machine.travel("2027-01-01 08:00 +08:00", tick=False):
        next_year = notification_case(alice, network.centre)
    assert next_year.number == "〔2027〕皖0422法援刑字第0001号"


@time_machine.travel(NOW, tick=False)
def test_a_centre_can_configure_its_pattern(network, alice):
    CaseNumberSetting.objects.create(centre=network.centre, pattern="寿法援{type}〔{year}〕{seq:05d}号", region="")
    assert notification_case(alice, network.centre).number == "寿法援刑〔2026〕00001号"


@time_machine.travel(NOW, tick=False)
def test_same_letter_is_not_opened_twice(network, alice):
    notification_case(alice, network.centre, letter_number="(2026)皖0422刑初7号")
    with pytest.raises(DomainError, match="已登记为案件"):
        notification_case(alice, network.centre, letter_number="(2026)皖0422刑初7号")
    assert Case.objects.count() == 1


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"letter_date": date(2026, 3, 11)}, "letter_date"),
        ({"received_on": date(2026, 3, 1), "letter_date": date(2026, 3, 5)}, "received_on"),
        ({"accused_id_number": "340422200801011234"}, "accused_id_number"),
        ({"ground": "nonsense"}, "ground"),
    ],
)
def test_bad_letters_say_why(network, alice, overrides, field):
    with pytest.raises(DomainError) as caught:
        notification_case(alice, network.centre, **overrides)
    assert caught.value.field == field
    assert Case.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_accused_with_id_number_reuses_the_registered_person(network, alice):
    number = resident_id(date(2009, 6, 1))
    person = Person.objects.create(name="赵小虎", id_number=number, birth_date=date(2009, 6, 1))
    with pytest.raises(DomainError, match="不符"):
        notification_case(alice, network.centre, accused_name="赵小虎", accused_id_number=number)
    case = notification_case(
        alice, network.centre, accused_name="赵小虎", accused_id_number=number, accused_birth_date=None
    )
    assert case.parties.get().person == person
    assert case.notification.accused_birth_date == date(2009, 6, 1)


@time_machine.travel(NOW, tick=False)
def test_life_imprisonment_ground_marks_the_serious_penalty(network, alice):
    case = notification_case(alice, network.centre, ground="life_or_death", accused_birth_date=date(1980, 1, 1))
    assert case.possible_penalty == Case.Penalty.LIFE and case.serious_penalty


def test_only_centre_roles_open_cases(network, bob, charlie):
    with pytest.raises(DomainError, match="权限"):
        notification_case(bob, network.centre)
    with pytest.raises(DomainError, match="不能为该中心受理"):
        notification_case(charlie, network.centre)


@time_machine.travel(NOW, tick=False)
def test_granted_application_opens_its_case(network, alice):
    application = granted_application(network, decided_at=timezone.now() - timedelta(days=1))
    case = services.case_open_from_application(application, actor=alice, mediation_first=True)
    assert case.application == application
    assert case.case_type == "labour_arbitration" and case.matter.code == "labour"
    assert case.received_by == network.workstation
    assert case.assignment_due == date(2026, 3, 12)  # 3 days from the decision (LAL 43)
    assert case.mediation_first
    assert case.parties.get().person == application.applicant
    assert case.summary == application.facts
    with pytest.raises(DomainError, match="不能重复受理"):
        services.case_open_from_application(application, actor=alice)


def test_application_not_granted_cannot_open_a_case(network, alice):
    application = granted_application(network, status=Application.Status.UNDER_REVIEW, decided_at=None)
    with pytest.raises(DomainError, match="只有准予法律援助的申请才能立案"):
        services.case_open_from_application(application, actor=alice)


def test_mediation_first_is_not_for_criminal_cases(network, alice):
    application = granted_application(network, case_type="criminal", matter="criminal_defence")
    application.criminal_stage = "first_instance"
    application.save()
    with pytest.raises(DomainError, match="非刑事"):
        services.case_open_from_application(application, actor=alice, mediation_first=True)


def group_lines(count: int, start: int = 0) -> str:
    return "\n".join(f"工友{start + i},{resident_id(date(1975, 1, 1) + timedelta(days=i))}" for i in range(count))


def test_fifty_aided_persons_make_a_group_case(network, alice):
    case = services.case_open_from_application(granted_application(network), actor=alice)
    services.case_parties_add(case, actor=alice, lines=group_lines(48))
    case.refresh_from_db()
    assert (case.aided_count, case.is_group) == (49, False)
    services.case_parties_add(case, actor=alice, lines=group_lines(1, start=100))
    case.refresh_from_db()
    assert (case.aided_count, case.is_group) == (50, True)
    assert "群体性案件" in case.events.filter(kind=CaseEvent.Kind.PARTY_CHANGE).last().text
    services.case_coordinator_set(case, actor=alice, coordinator=alice)
    case.refresh_from_db()
    assert case.coordinator == alice


def test_bad_party_lines_are_all_reported_and_nothing_is_added(network, alice):
    case = services.case_open_from_application(granted_application(network), actor=alice)
    with pytest.raises(DomainError) as caught:
        services.case_parties_add(case, actor=alice, lines="王五，123\n,340422198503090011\n赵六")
    assert "第 1 行" in caught.value.message and "第 2 行缺少姓名" in caught.value.message
    assert CaseParty.objects.filter(case=case).count() == 1


def test_the_same_person_twice_is_refused(network, alice):
    case = services.case_open_from_application(granted_application(network), actor=alice)
    number = resident_id()
    with pytest.raises(DomainError, match="重复"):
        services.case_parties_add(case, actor=alice, lines=f"王五，{number}\n王五，{number}")
    services.case_parties_add(case, actor=alice, lines=f"王五，{number}")
    with pytest.raises(DomainError, match="已是本案受援人"):
        services.case_parties_add(case, actor=alice, lines=f"王五，{number}")


def test_coordinator_only_for_group_cases(network, alice):
    case = services.case_open_from_application(granted_application(network), actor=alice)
    with pytest.raises(DomainError, match="群体性案件"):
        services.case_coordinator_set(case, actor=alice, coordinator=alice)
