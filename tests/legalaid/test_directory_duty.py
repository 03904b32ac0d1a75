"""The duty rota: a director puts the lawyers of their subtree on duty at the centre's duty stations."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from legalaid.directory import duty, selectors
from legalaid.errors import DomainError
from legalaid.models import DutyShift, HandlerProfile, Organisation
from tests.conftest import login
from tests.factories import OrganisationFactory, make_handler

TODAY = date(2026, 11, 30)  # a Monday
MORNING, AFTERNOON = DutyShift.Period.MORNING, DutyShift.Period.AFTERNOON

pytestmark = pytest.mark.usefixtures("monday_morning")


@pytest.fixture
def court(network):
    return OrganisationFactory(
        name="寿县人民法院法律援助工作站", kind=Organisation.Kind.COURT_WORKSTATION, parent=network.centre
    )


@pytest.fixture
def other_court(network):
    return OrganisationFactory(
        name="凤台县人民法院法律援助工作站", kind=Organisation.Kind.COURT_WORKSTATION, parent=network.other_centre
    )


@pytest.fixture
def lawyer(network):
    return make_handler(network.law_firm)


@pytest.fixture
def shift(director, court, lawyer):
    return duty.duty_add(actor=director, station=court, day=TODAY, period=MORNING, lawyer=lawyer)


def test_a_director_puts_a_lawyer_on_duty_attributed(shift, director, lawyer, court):
    assert shift.created_by == director
    assert shift.history.get().history_user == director
    assert list(selectors.lawyers_on_duty(court, TODAY)) == [lawyer]
    assert list(selectors.duties_of(lawyer, TODAY, TODAY + timedelta(days=6))) == [shift]


def test_a_lawyer_on_leave_is_refused_with_the_rosters_reason(director, court, lawyer):
    HandlerProfile.objects.filter(user=lawyer).update(status=HandlerProfile.Status.ON_LEAVE)
    lawyer.refresh_from_db()
    with pytest.raises(DomainError, match="休假"):
        duty.duty_add(actor=director, station=court, day=TODAY, period=MORNING, lawyer=lawyer)
    assert not DutyShift.objects.exists()


def test_only_lawyers_sit_at_duty_stations(director, court, network):
    worker = make_handler(network.law_firm, handler_type="legal_service_worker")
    with pytest.raises(DomainError, match="不是律师"):
        duty.duty_add(actor=director, station=court, day=TODAY, period=MORNING, lawyer=worker)
    other = make_handler(network.law_firm)
    with pytest.raises(DomainError, match="工作站"):
        duty.duty_add(actor=director, station=network.workstation, day=TODAY, period=MORNING, lawyer=other)


def test_one_place_per_half_day_and_never_in_the_past(shift, director, court, lawyer, network):
    second = OrganisationFactory(
        name="寿县人民检察院法律援助工作站", kind=Organisation.Kind.PROCURATORATE_WORKSTATION, parent=network.centre
    )
    with pytest.raises(DomainError, match="已安排在寿县人民法院法律援助工作站值班"):
        duty.duty_add(actor=director, station=second, day=TODAY, period=MORNING, lawyer=lawyer)
    duty.duty_add(actor=director, station=second, day=TODAY, period=AFTERNOON, lawyer=lawyer)
    with pytest.raises(DomainError, match="过去"):
        duty.duty_add(actor=director, station=court, day=TODAY - timedelta(days=1), period=MORNING, lawyer=lawyer)


def test_outside_the_subtree_is_refused(other_director, director, court, other_court, lawyer, network):
    with pytest.raises(DomainError):
        duty.duty_add(actor=other_director, station=court, day=TODAY, period=MORNING, lawyer=lawyer)
    with pytest.raises(DomainError, match="管理范围"):
        duty.duty_add(actor=director, station=other_court, day=TODAY, period=MORNING, lawyer=lawyer)


def test_removal_is_attributed_and_the_past_stays(shift, director):
    pk = shift.pk
    duty.duty_remove(shift, actor=director)
    assert not DutyShift.objects.exists()
    assert DutyShift.history.filter(id=pk, history_type="-").get().history_user == director
    with time_machine.travel("2026-12-02 09:00 +08:00", tick=False):
        past = DutyShift.objects.create(
            station=shift.station, day=TODAY, period=MORNING, lawyer=shift.lawyer, created_by=director
        )
        with pytest.raises(DomainError, match="过去"):
            duty.duty_remove(past, actor=director)


def test_copy_last_week_skips_what_exists_and_who_is_on_leave(director, court, lawyer, network):
    away = make_handler(network.law_firm)
    for person, period in ((lawyer, MORNING), (away, AFTERNOON)):
        DutyShift.objects.create(
            station=court, day=TODAY - timedelta(days=7), period=period, lawyer=person, created_by=director
        )
    HandlerProfile.objects.filter(user=away).update(status=HandlerProfile.Status.ON_LEAVE)
    added, skipped = duty.duty_copy_previous_week(actor=director, monday=TODAY + timedelta(days=2))
    assert added == 1 and len(skipped) == 1 and "休假" in skipped[0]
    assert list(DutyShift.objects.filter(day=TODAY).values_list("lawyer", "period")) == [(lawyer.pk, MORNING)]
    assert duty.duty_copy_previous_week(actor=director, monday=TODAY) == (0, skipped)


def test_pages_three_personas(director, other_director, alice, shift, lawyer):
    for url in (reverse("directory:duty"),):
        assert login(alice).get(url).status_code == 403
        assert login(director).get(url).status_code == 200
    remove = reverse("directory:duty_remove", args=[shift.pk])
    assert login(alice).post(remove).status_code == 403
    assert login(other_director).post(remove).status_code == 404
    assert login(director).post(remove).status_code == 302
    assert not DutyShift.objects.exists()
    copy = reverse("directory:duty_copy")
    assert login(alice).post(copy, {"week": "2026-12-07"}).status_code == 403
    assert login(director).post(copy, {"week": "2026-12-07"}).status_code == 302


def test_my_duties_page(shift, lawyer, alice):
    response = login(lawyer).get(reverse("directory:my_duties"))
    assert response.status_code == 200
    assert "寿县人民法院法律援助工作站" in response.content.decode()
    assert login(alice).get(reverse("directory:my_duties")).status_code == 403


def test_the_week_page_adds_and_shows_a_duty(director, court, lawyer):
    client = login(director)
    response = client.post(
        reverse("directory:duty"), {"station": court.pk, "day": "2026-12-01", "period": AFTERNOON, "lawyer": lawyer.pk}
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert lawyer.get_full_name() in page
    HandlerProfile.objects.filter(user=lawyer).update(status=HandlerProfile.Status.ON_LEAVE)
    refused = client.post(
        reverse("directory:duty"), {"station": court.pk, "day": "2026-12-02", "period": AFTERNOON, "lawyer": lawyer.pk}
    )
    assert refused.status_code == 200 and "休假" in refused.content.decode()
