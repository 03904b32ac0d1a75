"""Every supervision page: the outsider gets 404, the lower role 403, the right role 200."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from supervision import services
from tests.supervision.factories import scores

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def records(closed_case, supervisor, rubric, alice):
    visit = services.follow_up_schedule(closed_case, actor=supervisor, due_date=date(2026, 3, 12), note="抽查")
    activity = services.activity_record(
        closed_case, actor=supervisor, kind="authority_opinion", date=date(2026, 3, 9), authority="寿县劳动仲裁委"
    )
    card = services.card_issue(closed_case.pk)
    assessment = services.assessment_start(closed_case, actor=supervisor)
    return {"visit": visit, "activity": activity, "card": card, "assessment": assessment, "case": closed_case}


CASE_PAGES = [
    ("supervision:case", "case"),
    ("supervision:visit_record", "visit"),
    ("supervision:card_pdf", "card"),
    ("supervision:assessment", "assessment"),
]


@pytest.mark.parametrize(("name", "key"), CASE_PAGES)
def test_case_bound_pages(records, as_alice, as_bob, as_charlie, name, key):
    url = reverse(name, args=[records[key].pk])
    assert as_alice.get(url).status_code == 200
    assert as_charlie.get(url).status_code == 404
    assert as_bob.get(url).status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "index",
        "visits",
        "flags",
        "cards",
        "card_enter",
        "complaints",
        "complaint_new",
        "enforcement",
        "stale",
        "bulletins",
        "queue",
    ],
)
def test_lists(records, as_alice, as_bob, name):
    url = reverse(f"supervision:{name}")
    assert as_alice.get(url).status_code == 200
    assert as_bob.get(url).status_code == 403


def test_supervisor_only_pages(records, supervisor, as_alice, as_charlie):
    as_supervisor = login(supervisor)
    review = reverse("supervision:review_add", args=[records["assessment"].pk])
    assert as_supervisor.get(review).status_code == 200
    assert as_alice.get(review).status_code == 403
    activity = reverse("supervision:activity_add", args=[records["case"].pk])
    assert as_supervisor.get(activity).status_code == 200
    assert as_alice.get(activity).status_code == 403
    opinion = reverse("supervision:activity_opinion", args=[records["activity"].pk])
    assert as_supervisor.get(opinion).status_code == 200
    charlie_supervisor = login(as_charlie_supervisor())
    assert charlie_supervisor.get(opinion).status_code == 404


def as_charlie_supervisor():
    from legalaid.models import Organisation
    from legalaid.roles import Role
    from tests.factories import make_member

    return make_member(Organisation.objects.get(name="凤台县法律援助中心"), Role.SUPERVISOR)


def test_review_form_scores_and_grades(records, supervisor, rubric):
    client = login(supervisor)
    assessment = records["assessment"]
    url = reverse("supervision:review_add", args=[assessment.pk])
    data = {"reviewer": supervisor.pk, "comment": "卷宗规范", "finalise": "1"}
    items = assessment.rubric_snapshot["items"]
    for item in items:
        data[f"points_{item['id']}"] = item["max_points"]
    data[f"points_{items[0]['id']}"] = "99"
    bad = client.post(url, data)
    assert "不能超过满分" in bad.content.decode() and "卷宗规范" in bad.content.decode()
    data.update(scores_as_post(assessment, 55))
    response = client.post(url, data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "不合格" in page and "补贴调整为 0.00 元" in page


def scores_as_post(assessment, percent):
    return {f"points_{item_id}": str(points) for item_id, (points, _c) in scores(assessment, percent).items()}


def test_activity_form_records_on_the_timeline(records, supervisor):
    from cases.models import CaseEvent

    client = login(supervisor)
    case = records["case"]
    url = reverse("supervision:activity_add", args=[case.pk])
    missing = client.post(url, {"kind": "hearing_observation", "date": "2026-03-09", "findings": "辩护充分"})
    assert "请填写法院或办案机关" in missing.content.decode()
    response = client.post(
        url,
        {
            "kind": "hearing_observation",
            "date": "2026-03-09",
            "authority": "寿县人民法院",
            "findings": "辩护充分",
            "score": "92",
        },
    )
    assert response.status_code == 302
    assert CaseEvent.objects.filter(case=case, kind="supervision", text__contains="旁听庭审").exists()
    opinion = reverse("supervision:activity_opinion", args=[records["activity"].pk])
    client.post(opinion, {"received_on": "2026-03-10", "opinion": "承办人认真负责"})
    records["activity"].refresh_from_db()
    assert records["activity"].opinion == "承办人认真负责"


def test_home_panels_for_supervisor_and_director(records, supervisor, director):
    home = login(supervisor).get(reverse("home")).content.decode()
    assert "案件监督" in home and records["case"].number in home  # the visit due on the 12th
    director_home = login(director).get(reverse("home")).content.decode()
    assert "监督预警" in director_home


def test_admin_pages_for_configuration_and_records(records, admin_client):
    for model in (
        "holiday",
        "supervisionpolicy",
        "qualityrubric",
        "qualityassessment",
        "followupvisit",
        "supervisioncard",
        "complaint",
        "enforcementwatch",
        "monthlybulletin",
    ):
        assert admin_client.get(reverse(f"admin:supervision_{model}_changelist")).status_code == 200
    rubric = records["assessment"].rubric
    assert admin_client.get(reverse("admin:supervision_qualityrubric_change", args=[rubric.pk])).status_code == 200
