"""The handler's hearing calendar: dating a hearing in the case, the month and agenda page, the private
iCalendar feed with reminders; the outsider gets 404, a role without case handling 403."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cases.models import Hearing
from cases.views.calendar import feed_token
from tests.conftest import login

pytestmark = pytest.mark.django_db
CALENDAR = reverse("cases:hearing_calendar")


def hearing_data(**overrides):
    return {"day": "2026-03-20", "time": "09:30", "court": "寿县人民法院", "room": "第三法庭", "note": "带齐证据原件"}


@pytest.fixture
def lawyer(roster):
    return roster.senior_lawyer


def test_the_handler_dates_a_hearing_and_sees_it_in_the_calendar(labour_case, lawyer):
    as_lawyer = login(lawyer)
    page = reverse("cases:case_hearings", args=[labour_case.pk])
    assert as_lawyer.get(page).status_code == 200
    response = as_lawyer.post(page, hearing_data())
    assert response.status_code == 302
    hearing = Hearing.objects.get()
    assert (
        hearing.starts_at == timezone.make_aware(datetime(2026, 3, 20, 9, 30))
        and hearing.place == "寿县人民法院第三法庭"
    )
    month = as_lawyer.get(CALENDAR).content.decode()
    assert "2026年3月" in month and labour_case.number in month and "09:30" in month
    assert as_lawyer.get(CALENDAR, {"month": "2026-04"}).content.decode().count(labour_case.number) == 1  # agenda only
    cancel = reverse("cases:case_hearing_cancel", args=[labour_case.pk, hearing.pk])
    assert as_lawyer.post(cancel, {"reason": "法院通知延期"}).status_code == 302
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.CANCELLED


def test_a_past_hearing_or_no_court_is_refused_with_the_values_kept(labour_case, lawyer):
    body = login(lawyer).post(
        reverse("cases:case_hearings", args=[labour_case.pk]), hearing_data() | {"day": "2026-01-05"}
    )
    assert "开庭时间已经过去" in body.content.decode() and "寿县人民法院" in body.content.decode()
    assert not Hearing.objects.exists()


def test_outsider_404_lower_role_403(labour_case, roster, as_alice, as_bob, as_charlie):
    page = reverse("cases:case_hearings", args=[labour_case.pk])
    assert login(roster.junior_lawyer).get(page).status_code == 404  # a handler of other cases
    assert login(roster.junior_lawyer).post(page, hearing_data()).status_code == 404
    for client in (as_alice, as_bob, as_charlie):  # no case handling: not a handler's page
        assert client.get(page).status_code == 403
        assert client.get(CALENDAR).status_code == 403
    assert login(roster.junior_lawyer).get(CALENDAR).status_code == 200
    assert labour_case.number not in login(roster.junior_lawyer).get(CALENDAR).content.decode()


def test_the_feed_carries_reminders_and_its_token_is_the_only_key(client, labour_case, lawyer, roster):
    login(lawyer).post(reverse("cases:case_hearings", args=[labour_case.pk]), hearing_data())
    url = reverse("cases:hearing_feed", args=[lawyer.pk, feed_token(lawyer)])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    feed = Calendar.from_ical(response.content)
    [event] = feed.walk("VEVENT")
    assert labour_case.number in str(event["summary"]) and str(event["location"]) == "寿县人民法院第三法庭"
    assert event.decoded("dtstart") == timezone.make_aware(datetime(2026, 3, 20, 9, 30))
    assert len(event.walk("VALARM")) == 2
    assert "张建国" not in response.content.decode()  # the aided person is never in the feed
    other = roster.junior_lawyer
    assert client.get(reverse("cases:hearing_feed", args=[lawyer.pk, feed_token(other)])).status_code == 404
    assert client.get(reverse("cases:hearing_feed", args=[other.pk, feed_token(other)])).content.count(b"VEVENT") == 0
    lawyer.set_password("a-new-password-2026")
    lawyer.save()
    assert client.get(url).status_code == 404  # a new password revokes the old address
