"""The outsider (charlie, another county's centre staff) cannot act on intake records, however named.

Every transition is tried through the service with charlie as actor: each is refused and leaves the
record and its history unchanged. The same for the person picked on the application form, the
consultation path and malformed ids in URLs.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from intake import services
from intake.models import Application, Consultation, HomeVisit, Person
from legalaid.errors import DomainError
from legalaid.kernel import history_rows
from tests.intake.factories import PersonFactory, channel, file_application, resident_id

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def frozen(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def received(alice, network):
    """At the centre, waiting to be accepted."""
    return file_application(alice, network.centre, channel_code="centre_window")


@pytest.fixture
def in_review(alice, received):
    return services.application_accept(received, actor=alice)


@pytest.fixture
def refused(alice, in_review):
    return services.application_record_decision(in_review, actor=alice, granted=False, reason="不符合经济困难标准")


@pytest.fixture
def awaiting(alice, in_review):
    services.notice_issue(in_review, actor=alice, items=["欠薪证明"], due_date=date(2026, 3, 10))
    return Application.objects.get(pk=in_review.pk)


@pytest.fixture
def at_workstation(bob, network):
    return file_application(bob, network.workstation)


TRANSITIONS = {
    "accept": ("received", lambda a, actor: services.application_accept(a, actor=actor)),
    "mark_urgent": ("received", lambda a, actor: services.application_mark_urgent(a, actor=actor, reason="明日开庭")),
    "withdraw": ("received", lambda a, actor: services.application_withdraw(a, actor=actor, reason="书面撤回")),
    "update_details": ("received", lambda a, actor: services.application_update_details(a, actor=actor, facts="改")),
    "opposing_party_add": ("received", lambda a, actor: services.opposing_party_add(a, actor=actor, name="某公司")),
    "record_decision": (
        "in_review",
        lambda a, actor: services.application_record_decision(a, actor=actor, granted=True, reason="符合条件"),
    ),
    "reopen": ("refused", lambda a, actor: services.application_reopen(a, actor=actor, reason="异议成立")),
    "notice_issue": (
        "in_review",
        lambda a, actor: services.notice_issue(a, actor=actor, items=["工资条"], due_date=date(2026, 3, 12)),
    ),
    "materials_supply": ("awaiting", lambda a, actor: services.materials_supply(a, actor=actor, note="已补交")),
    "deem_withdrawn": (
        "awaiting",
        lambda a, actor: services.application_deem_withdrawn(a, actor=actor, today=date(2026, 3, 20)),
    ),
    "pre_provide": (
        "received",
        lambda a, actor: services.application_pre_provide(a, actor=actor, reason="时效将至"),
    ),
    "preliminary_review": (
        "at_workstation",
        lambda a, actor: services.preliminary_review_submit(
            a, actor=actor, materials_complete=True, recommendation="grant", reasons="符合条件"
        ),
    ),
}


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_outsider_cannot_make_any_application_transition(request, charlie, name):
    fixture, act = TRANSITIONS[name]
    application = request.getfixturevalue(fixture)
    if name == "pre_provide":
        Application.objects.filter(pk=application.pk).update(deadline_date=date(2026, 3, 5))
    before = Application.objects.get(pk=application.pk)
    rows = history_rows(before).count()
    with pytest.raises(DomainError):
        act(before, charlie)
    after = Application.objects.get(pk=application.pk)
    assert (after.status, after.is_urgent, after.facts) == (before.status, before.is_urgent, before.facts)
    assert history_rows(after).count() == rows
    assert after.opposing_parties.count() == before.opposing_parties.count()


# Corrections (details, an opposing party) change no status: simple-history keeps them instead.
STATUS_TRANSITIONS = [name for name in TRANSITIONS if name not in ("update_details", "opposing_party_add")]


@pytest.mark.parametrize("name", STATUS_TRANSITIONS)
def test_every_application_transition_leaves_an_attributed_history_row(request, alice, bob, name):
    fixture, act = TRANSITIONS[name]
    application = request.getfixturevalue(fixture)
    actor = bob if fixture == "at_workstation" else alice
    if name == "pre_provide":
        Application.objects.filter(pk=application.pk).update(deadline_date=date(2026, 3, 5))
    if name == "deem_withdrawn":
        from legalaid.kernel import SYSTEM

        actor = SYSTEM
    rows = history_rows(application).count()
    act(Application.objects.get(pk=application.pk), actor)
    row = history_rows(application).last()
    assert history_rows(application).count() == rows + 1
    assert row.actor_kind == ("system" if name == "deem_withdrawn" else "user")
    assert row.actor_display
    assert row.to_label and row.to_label != row.to_status


def _visit(bob, network) -> HomeVisit:
    person = PersonFactory(birth_date=date(1940, 1, 1), id_number=resident_id(date(1940, 1, 1)), created_by=bob)
    return services.home_visit_book(
        actor=bob,
        person=person,
        scheduled_for=timezone.now() + timedelta(days=1),
        staff=bob,
        address="寿春镇东街1号",
        purpose="",
    )


@pytest.mark.parametrize("close", ["complete", "cancel"])
def test_home_visit_close_is_scoped_and_recorded(bob, charlie, network, close):
    visit = _visit(bob, network)
    act = {
        "complete": lambda actor: services.home_visit_complete(visit, actor=actor, outcome="已上门"),
        "cancel": lambda actor: services.home_visit_cancel(visit, actor=actor, reason="老人住院"),
    }[close]
    with pytest.raises(DomainError):
        act(charlie)
    assert HomeVisit.objects.get(pk=visit.pk).status == HomeVisit.Status.SCHEDULED
    act(bob)
    rows = list(history_rows(visit))
    assert [(r.from_status, r.actor) for r in rows] == [("", bob), ("scheduled", bob)]
    assert rows[-1].to_status == ("done" if close == "complete" else "cancelled")


def test_outsider_cannot_call_back_or_edit_a_person(bob, charlie, network):
    consultation = services.consultation_record(
        actor=bob,
        channel=channel("hotline_12348"),
        question="欠薪怎么办",
        visitor_phone="13955500000",
        outcome=Consultation.Outcome.CALL_BACK,
    )
    with pytest.raises(DomainError):
        services.consultation_call_back(consultation, actor=charlie, note="已回电")
    person = PersonFactory(created_by=bob)
    with pytest.raises(DomainError):
        services.person_update(person, actor=charlie, phone="13800001111")


def test_outsider_cannot_file_for_a_person_of_another_county(bob, charlie, network):
    theirs = PersonFactory(created_by=bob)
    file_application(bob, network.workstation, applicant=theirs)
    with pytest.raises(DomainError):
        file_application(charlie, network.other_centre, applicant=theirs, channel_code="centre_window")
    # The full ID number, typed from the card the applicant shows, is the one way to link them.
    file_application(
        charlie,
        network.other_centre,
        applicant=theirs,
        channel_code="centre_window",
        typed_id_numbers=(theirs.id_number,),
    )


def test_person_picked_on_the_form_by_id_is_resolved_in_scope(as_charlie, bob, network):
    theirs = PersonFactory(name="孙秘密", phone="13900001234", created_by=bob)
    file_application(bob, network.workstation, applicant=theirs)
    data = {
        "submission_token": "tok-c",
        "channel": "centre_window",
        "receiving_organisation": network.other_centre.pk,
        "received_at": "2026-03-02T09:00",
        "applicant-use_existing": "on",
        "applicant-existing": str(theirs.pk),
        "applicant-id_type": "resident_id",
        "applicant-nationality": "中国",
        "representative-id_type": "resident_id",
        "representative-nationality": "中国",
        "case_type": "civil",
        "service_requested": "litigation",
        "facts": "借款纠纷。",
        "party-TOTAL_FORMS": "0",
        "party-INITIAL_FORMS": "0",
        "upload-TOTAL_FORMS": "0",
        "upload-INITIAL_FORMS": "0",
    }
    response = as_charlie.post(reverse("intake:application_create"), data)
    assert response.status_code == 200  # a form error, never a link
    body = response.content.decode()
    assert "孙秘密" not in body and "13900001234" not in body
    assert not Application.objects.filter(receiving_organisation=network.other_centre).exists()
    # Nor through the representative section.
    data.update(
        {
            "applicant-use_existing": "",
            "applicant-name": "钱某",
            "applicant-id_number": resident_id(),
            "representative-use_existing": "on",
            "representative-existing": str(theirs.pk),
            "representative_relationship": "child",
        }
    )
    as_charlie.post(reverse("intake:application_create"), data)
    assert not Application.objects.filter(representative=theirs).exists()


def test_consultation_with_an_id_number_never_adopts_a_person_of_another_county(as_charlie, bob, network):
    theirs = PersonFactory(name="吴某某", created_by=bob)
    file_application(bob, network.workstation, applicant=theirs)
    response = as_charlie.post(
        reverse("intake:consultation_create"),
        {
            "submission_token": "c-1",
            "channel": "centre_window",
            "consulted_at": "2026-03-02T09:30",
            "visitor_name": "吴先生",
            "id_number": theirs.id_number,
            "question": "工伤怎么认定",
            "answer": "先申请工伤认定",
            "outcome": "answered",
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.person is None and consultation.visitor_name == "吴先生"
    assert Person.objects.count() == 1
    assert as_charlie.get(reverse("intake:person_detail", args=[theirs.pk])).status_code == 404


def test_consultation_without_a_name_does_not_say_whether_the_number_is_registered(as_charlie, bob):
    theirs = PersonFactory(created_by=bob)
    data = {
        "submission_token": "c-2",
        "channel": "centre_window",
        "consulted_at": "2026-03-02T09:30",
        "question": "问题",
        "answer": "解答",
        "outcome": "answered",
    }
    registered = as_charlie.post(reverse("intake:consultation_create"), {**data, "id_number": theirs.id_number})
    unknown = as_charlie.post(reverse("intake:consultation_create"), {**data, "id_number": resident_id()})
    assert registered.status_code == unknown.status_code == 200
    assert "请同时填写咨询人姓名" in registered.content.decode()
    assert "请同时填写咨询人姓名" in unknown.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        lambda person: reverse("intake:application_create") + "?person=abc",
        lambda person: reverse("intake:application_create") + "?person=99999999999999999999999",
        lambda person: reverse("intake:application_create") + "?consultation=1x",
        lambda person: reverse("intake:home_visit_create", args=[person.pk]) + "?application=abc",
    ],
)
def test_malformed_ids_are_404_not_500(as_bob, bob, url):
    person = PersonFactory(birth_date=date(1940, 1, 1), id_number=resident_id(date(1940, 1, 1)), created_by=bob)
    assert as_bob.get(url(person)).status_code == 404


def test_another_countys_person_or_application_in_a_url_is_404(as_charlie, charlie, bob, network):
    theirs = PersonFactory(created_by=bob)
    application = file_application(bob, network.workstation, applicant=theirs)
    assert as_charlie.get(reverse("intake:application_create") + f"?person={theirs.pk}").status_code == 404
    mine = PersonFactory(birth_date=date(1940, 1, 1), id_number=resident_id(date(1940, 1, 1)), created_by=charlie)
    url = reverse("intake:home_visit_create", args=[mine.pk]) + f"?application={application.pk}"
    assert as_charlie.get(url).status_code == 404
