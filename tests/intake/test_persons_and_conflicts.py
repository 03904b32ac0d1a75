"""Persons (one per real person), the conflict check, consultations and home visits."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from intake import selectors, services
from intake.models import Consultation, Person
from legalaid.errors import DomainError
from legalaid.vocabulary import PersonGroup
from tests.intake.factories import PersonFactory, channel, file_application, resident_id

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


# ---------------------------------------------------------------- persons


def test_resident_id_gives_birth_date_sex_and_division(bob):
    number = resident_id(date(1950, 2, 3), female=True)
    person = services.person_create(actor=bob, name="李桂英", id_number=number.lower(), phone="13912345678")
    assert person.id_number == number  # normalised (upper-case X)
    assert person.birth_date == date(1950, 2, 3)
    assert person.sex == Person.Sex.FEMALE
    assert person.household_division_code == "340422"
    assert person.created_by == bob
    assert set(person.groups()) == {PersonGroup.ELDERLY, PersonGroup.WOMAN}


def test_existing_id_number_is_offered_not_duplicated(bob):
    existing = PersonFactory()
    assert selectors.person_by_id_number(existing.id_number.lower()) == existing
    with pytest.raises(DomainError) as error:
        services.person_create(actor=bob, name="另一个名字", id_number=existing.id_number)
    assert error.value.field == "id_number"
    assert "已登记" in str(error.value)
    assert Person.objects.count() == 1


def bad_checksum(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def test_invalid_id_number_is_refused_with_the_reason(bob):
    with pytest.raises(DomainError) as error:
        services.person_create(actor=bob, name="张三", id_number=bad_checksum(resident_id()))
    assert error.value.field == "id_number"
    assert "校验位" in str(error.value)


def test_birth_date_in_the_future_is_refused(bob):
    with pytest.raises(DomainError) as error:
        services.person_create(actor=bob, name="张三", id_type="none", birth_date=date(2026, 3, 3))
    assert error.value.field == "birth_date"


def test_invalid_phone_is_refused(bob):
    with pytest.raises(DomainError) as error:
        services.person_create(actor=bob, name="张三", id_type="none", phone="1381234")
    assert error.value.field == "phone"


def test_foreigner_by_passport_needs_nationality(bob):
    with pytest.raises(DomainError):
        services.person_create(actor=bob, name="John Smith", id_type="passport", id_number="E12345678")
    person = services.person_create(
        actor=bob, name="John Smith", id_type="passport", id_number="E12345678", nationality="英国", sex="M"
    )
    assert PersonGroup.FOREIGNER in person.groups()


def test_disability_grade_implies_disabled_and_groups_derive(bob):
    person = services.person_create(
        actor=bob, name="王小", id_number=resident_id(date(2012, 1, 1)), disability_grade=2, ethnicity="回族"
    )
    assert person.is_disabled
    assert set(person.groups()) == {PersonGroup.MINOR, PersonGroup.DISABLED, PersonGroup.ETHNIC_MINORITY}


def test_person_update_keeps_id_unique(bob):
    first, second = PersonFactory(), PersonFactory(created_by=bob)
    with pytest.raises(DomainError):
        services.person_update(second, actor=bob, id_number=first.id_number)
    services.person_update(second, actor=bob, phone="13800001111")
    second.refresh_from_db()
    assert second.phone == "13800001111"
    assert second.history.count() == 2


def test_person_update_outside_scope_is_refused(bob, charlie):
    person = PersonFactory(created_by=bob)
    with pytest.raises(DomainError):
        services.person_update(person, actor=charlie, phone="13800001111")


# ---------------------------------------------------------------- conflict check


def test_new_applicant_who_is_the_opposing_party_of_an_open_application(bob, network):
    employer = PersonFactory(name="赵老板")
    earlier = file_application(
        bob, network.workstation, opposing_parties=[{"name": "赵老板", "id_number": employer.id_number}]
    )
    matches = selectors.find_person_conflicts(employer)
    assert [(m.application_id, m.side, m.matched_by) for m in matches] == [(earlier.pk, "opposing", "id_number")]


def test_match_by_name_and_birth_date_without_id(bob, network):
    earlier = file_application(
        bob, network.workstation, opposing_parties=[{"name": "钱某", "birth_date": date(1975, 6, 1)}]
    )
    person = PersonFactory(name="钱某", birth_date=date(1975, 6, 1), id_number="")
    assert [m.matched_by for m in selectors.find_person_conflicts(person)] == ["name_birth_date"]
    namesake = PersonFactory(name="钱某", birth_date=date(1990, 1, 1), id_number="")
    assert selectors.find_person_conflicts(namesake) == []
    assert selectors.find_person_conflicts(person, exclude_application=earlier) == []


def test_opposing_party_who_applied_elsewhere(bob, network):
    applicant = PersonFactory(name="孙某")
    earlier = file_application(bob, network.workstation, applicant=applicant)
    later = file_application(
        bob,
        network.workstation,
        opposing_parties=[{"name": "孙某", "id_number": applicant.id_number}],
    )
    conflicts = selectors.application_conflicts(later)
    assert [(name, m.application_id, m.side) for name, m in conflicts] == [("孙某", earlier.pk, "applicant")]
    fields = {"name": "孙某", "id_number": applicant.id_number}
    assert {m.side for m in selectors.find_person_conflicts(fields)} == {"applicant", "opposing"}


def test_old_closed_applications_are_not_conflicts(bob, network, settings):
    settings.INTAKE_CONFLICT_LOOKBACK_DAYS = 365
    employer = PersonFactory()
    with time_machine.travel(NOW - timedelta(days=400), tick=False):
        old = file_application(
            bob,
            network.workstation,
            opposing_parties=[{"name": "x", "id_number": employer.id_number}],
        )
        services.application_withdraw(old, actor=bob, reason="申请人撤回")
    assert selectors.find_person_conflicts(employer) == []
    with time_machine.travel(NOW - timedelta(days=400), tick=False):
        still_open = file_application(
            bob, network.workstation, opposing_parties=[{"name": "x", "id_number": employer.id_number}]
        )
    assert [m.application_id for m in selectors.find_person_conflicts(employer)] == [still_open.pk]


def test_opposing_party_with_invalid_id_is_refused(bob, network):
    with pytest.raises(DomainError) as error:
        file_application(
            bob,
            network.workstation,
            opposing_parties=[{"name": "某", "id_number": bad_checksum(resident_id())}],
        )
    assert error.value.field == "opposing_parties"


# ---------------------------------------------------------------- consultations


def test_consultation_defaults_to_the_clerks_organisation_and_first_contact(bob, network):
    consultation = services.consultation_record(
        actor=bob,
        channel=channel(
            "workstation",
        ),
        question="工资被拖欠怎么办?",
        answer="可申请劳动仲裁，并可申请法律援助。",
    )
    assert consultation.organisation == network.workstation
    assert consultation.taken_by == bob
    assert consultation.consulted_at == NOW


def test_hotline_message_goes_on_the_call_back_list(alice, network):
    consultation = services.consultation_record(
        actor=alice,
        channel=channel("hotline_12348"),
        question="留言：咨询离婚财产分割",
        outcome=Consultation.Outcome.CALL_BACK,
        visitor_phone="13912340000",
    )
    assert consultation.call_back_due == NOW + timedelta(hours=24)
    assert list(selectors.call_back_list(alice)) == [consultation]
    with pytest.raises(DomainError):
        services.consultation_call_back(consultation, actor=alice, note="")
    services.consultation_call_back(consultation, actor=alice, note="已回电解答")
    assert list(selectors.call_back_list(alice)) == []


def test_consultation_bad_input(bob):
    with pytest.raises(DomainError) as error:
        services.consultation_record(
            actor=bob, channel=channel("workstation"), question="q", outcome=Consultation.Outcome.REFERRED_TO_AGENCY
        )
    assert error.value.field == "referred_agency"
    with pytest.raises(DomainError) as error:
        services.consultation_record(
            actor=bob, channel=channel("workstation"), question="q", answer="a", visitor_phone="110110"
        )
    assert error.value.field == "visitor_phone"
    with pytest.raises(DomainError) as error:
        services.consultation_record(
            actor=bob, channel=channel("workstation"), question="q", answer="a", consulted_at=NOW + timedelta(days=1)
        )
    assert error.value.field == "consulted_at"


def test_consultation_double_submit(bob):
    kwargs = {"actor": bob, "channel": channel("workstation"), "question": "q", "answer": "a", "submission_token": "t1"}
    services.consultation_record(**kwargs)
    with pytest.raises(DomainError) as error:
        services.consultation_record(**kwargs)
    assert "重复" in str(error.value)
    assert Consultation.objects.count() == 1


def test_consultation_referred_to_application_links_it(bob, network):
    consultation = services.consultation_record(
        actor=bob, channel=channel("workstation"), question="q", answer="引导申请", outcome="referred_to_application"
    )
    application = file_application(bob, network.workstation, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.application == application


# ---------------------------------------------------------------- home visits


def test_home_visit_for_elderly_only(bob, network):
    elderly = PersonFactory(birth_date=date(1940, 1, 1))
    young = PersonFactory(birth_date=date(1990, 1, 1))
    when = NOW + timedelta(days=2)
    with pytest.raises(DomainError):
        services.home_visit_book(actor=bob, person=young, scheduled_for=when, staff=bob, address="某村", purpose="x")
    visit = services.home_visit_book(
        actor=bob,
        person=elderly,
        scheduled_for=when,
        staff=bob,
        address="寿春镇某村",
        purpose="",
    )
    assert visit.organisation == network.workstation
    with pytest.raises(DomainError):
        services.home_visit_complete(visit, actor=bob, outcome="")
    services.home_visit_complete(visit, actor=bob, outcome="上门受理申请，材料已收齐")
    visit.refresh_from_db()
    assert visit.status == visit.Status.DONE


def test_home_visit_staff_must_be_in_scope(bob, charlie):
    elderly = PersonFactory(birth_date=date(1940, 1, 1))
    with pytest.raises(DomainError) as error:
        services.home_visit_book(
            actor=bob, person=elderly, scheduled_for=NOW + timedelta(days=1), staff=charlie, address="a", purpose="b"
        )
    assert error.value.field == "staff"
