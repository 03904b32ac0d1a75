"""Every eligibility status change leaves an attributed history row; every transition is refused to the
outsider (charlie, 404) and the lower role (bob, 403) and done for the right one; the buttons follow the
same predicates as the services; malformed query parameters never give a 500."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from eligibility import services
from eligibility.clocks import decision_clock
from eligibility.models import Decision, LegalAidCard, MeansAssessment, Objection, PledgeSpotCheck, Recovery
from legalaid.errors import DomainError
from legalaid.kernel import history_rows
from tests.conftest import login
from tests.eligibility.factories import members

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-03-02 10:00 +08:00", tick=False):
        yield


def trail(obj) -> list[tuple[str, str, str]]:
    return [(row.from_status, row.to_status, row.actor_display) for row in history_rows(obj)]


def test_every_status_change_leaves_an_attributed_history_row(bureau, world, alice):
    alice_name = str(alice)
    # Means assessment: a second one supersedes the first.
    first = world["granted"].means_assessments.get()
    assert trail(first) == [("", "current", alice_name)]
    # Decision issued, then set aside by the review body's correction order.
    objection = services.objection_decide(
        world["objection"], actor=bureau, correction_ordered=True, opinion="收入情况已变化，责令重新审查。"
    )
    assert trail(objection) == [("", "pending", alice_name), ("pending", "correction_ordered", str(bureau))]
    refusal = Decision.objects.get(pk=world["refusal"].pk)
    assert trail(refusal) == [("", "in_force", alice_name), ("in_force", "reopened", str(bureau))]
    assert [r.to_label for r in history_rows(refusal)] == ["有效", "已撤销重新审查"]
    world["refused"].refresh_from_db()
    again = services.assessment_create(world["refused"], actor=alice, members=members("600"), integrity_pledge=True)
    earlier = world["refused"].means_assessments.exclude(pk=again.pk).get()
    assert earlier.status == MeansAssessment.Status.SUPERSEDED
    assert trail(earlier)[-1] == ("current", "superseded", alice_name)
    # Card issued and revoked.
    card = services.card_revoke(world["card"], actor=alice, reason="已迁出本县")
    assert trail(card) == [("", "active", alice_name), ("active", "revoked", alice_name)]
    # Spot-check drawn by the system, a false pledge recorded, its recovery opened and closed.
    check = services.spot_check_record(world["check"], actor=alice, truthful=False, findings="隐瞒经营收入。")
    assert trail(check) == [("", "pending", "系统"), ("pending", "false_pledge", alice_name)]
    recovery = Recovery.objects.get(spot_check=check)
    services.recovery_update(recovery, actor=alice, status=Recovery.Status.RECOVERED, notes="已退还")
    assert trail(recovery) == [("", "open", alice_name), ("open", "recovered", alice_name)]
    # Other fields alone are no status change and leave no row.
    services.recovery_update(recovery, actor=alice, status=Recovery.Status.RECOVERED, notes="已退还全部费用")
    assert len(trail(recovery)) == 2


def test_the_monthly_draw_acts_as_the_system(network, alice, standards):
    from eligibility.models import SpotCheckPolicy
    from tests.eligibility.factories import under_review

    SpotCheckPolicy.objects.create(effective_from=date(2022, 1, 1), share_percent=100)
    with time_machine.travel("2026-02-10 10:00 +08:00", tick=False):
        application = under_review(alice, network.centre)
        services.assessment_create(application, actor=alice, members=members("500"), integrity_pledge=True)
        services.application_decide(application, actor=alice, granted=True)
    assert services.draw_monthly_spot_checks(date(2026, 3, 2)) >= 1
    check = PledgeSpotCheck.objects.get()
    [row] = history_rows(check)
    assert row.actor is None and row.actor_kind == "system"
    assert services.draw_monthly_spot_checks(date(2026, 3, 2)) == 0  # one draw per centre and month


# -- the same predicate refuses the action and hides the button ------------------------------


def test_predicates_match_the_services(bureau, world):
    grant, refusal = world["grant"], world["refusal"]
    assert services.decision_reopen_refusal(grant) is not None
    assert services.decision_reopen_refusal(refusal) is None
    with pytest.raises(DomainError, match="只有有效的不予法律援助决定"):
        services.decision_reopen(grant, actor=bureau, reason="x")
    assert services.objection_decide_refusal(world["objection"]) is None
    assert services.card_revoke_refusal(world["card"]) is None
    assert services.spot_check_record_refusal(world["check"]) is None
    world["granted"].refresh_from_db()
    assert services.assessment_refusal(world["granted"]) is not None  # decided: closed


def test_buttons_follow_the_predicates(world, alice, as_alice, director):
    page = as_alice.get(reverse("eligibility:application", args=[world["refused"].pk])).content.decode()
    # A pending objection exists: no second one; the refused application is closed: no new assessment.
    assert reverse("eligibility:objection_create", args=[world["refused"].pk]) not in page
    assert reverse("eligibility:assessment_create", args=[world["refused"].pk]) not in page
    services.card_revoke(world["card"], actor=alice, reason="已迁出本县")
    page = as_alice.get(reverse("eligibility:card_detail", args=[world["card"].pk])).content.decode()
    assert reverse("eligibility:card_revoke", args=[world["card"].pk]) not in page


def test_pages_show_the_history_with_labels_and_actors(world, as_alice, alice):
    for name, key, testid in [
        ("decision_detail", "refusal", "decision-history"),
        ("card_detail", "card", "card-history"),
        ("objection_detail", "objection", "objection-history"),
        ("spot_check_detail", "check", "check-history"),
    ]:
        page = as_alice.get(reverse(f"eligibility:{name}", args=[world[key].pk])).content.decode()
        assert f'data-testid="{testid}"' in page
    page = as_alice.get(reverse("eligibility:spot_check_detail", args=[world["check"].pk])).content.decode()
    assert "系统" in page and "待核查" in page and "pending" not in page.split('data-testid="check-history"')[1]


def test_the_decision_clock():
    received, due = date(2026, 3, 2), date(2026, 3, 9)
    assert decision_clock(due, received, simplified=False, today=date(2026, 3, 8)).state == "due_soon"
    assert decision_clock(due, received, simplified=False, today=date(2026, 3, 9)).state == "due_today"
    late = decision_clock(due, received, simplified=False, today=date(2026, 3, 11))
    assert (late.state, late.overdue_days) == ("overdue", 2)
    same_day = decision_clock(due, received, simplified=True, today=date(2026, 3, 3))
    assert (same_day.due, same_day.state) == (received, "overdue")


# -- every transition: the outsider 404, the lower role 403, the right role done -------------


def post(client, name, key, world, data):
    return client.post(reverse(f"eligibility:{name}", args=[world[key].pk]), data)


TRANSITIONS = [
    ("application_decide", "granted", {"result": "grant", "reason_text": ""}),
    ("card_revoke", "card", {"reason": "已迁出本县"}),
    ("objection_decide", "objection", {"result": "upheld", "decided_on": "2026-03-02", "opinion": "维持。"}),
]


@pytest.mark.parametrize(("name", "key", "data"), TRANSITIONS)
def test_the_outsider_cannot_reach_a_transition(world, as_charlie, name, key, data):
    assert post(as_charlie, name, key, world, data).status_code in (403, 404)
    assert post(as_charlie, name, key, world, data).status_code != 302


@pytest.mark.parametrize(("name", "key", "data"), TRANSITIONS)
def test_the_clerk_may_not_make_a_centre_decision(world, as_bob, name, key, data):
    assert post(as_bob, name, key, world, data).status_code == 403


def test_the_outsider_and_the_clerk_change_nothing(world, as_charlie, as_bob):
    for client in (as_charlie, as_bob):
        for name, key, data in TRANSITIONS:
            post(client, name, key, world, data)
        client.post(reverse("eligibility:spot_check_detail", args=[world["check"].pk]), {"result": "false_pledge"})
    assert Objection.objects.get().status == Objection.Status.PENDING
    assert LegalAidCard.objects.get().status == LegalAidCard.Status.ACTIVE
    assert PledgeSpotCheck.objects.get().status == PledgeSpotCheck.Status.PENDING
    assert not history_rows(world["objection"]).filter(to_status="upheld").exists()


def test_the_outsider_gets_404_on_the_spot_check_and_objection_forms(world, as_charlie):
    data = {"result": "false_pledge", "findings": "x"}
    assert as_charlie.post(reverse("eligibility:spot_check_detail", args=[world["check"].pk]), data).status_code == 404
    url = reverse("eligibility:objection_create", args=[world["refused"].pk])
    assert as_charlie.post(url, {"grounds": "不服", "filed_on": "2026-03-02"}).status_code == 404


def test_the_right_roles_make_each_transition(bureau, world, alice):
    as_alice, as_bureau = login(alice), login(bureau)
    assert post(as_alice, "card_revoke", "card", world, {"reason": "已迁出本县"}).status_code == 302
    data = {"result": "upheld", "decided_on": "2026-03-02", "opinion": "维持。"}
    assert post(as_bureau, "objection_decide", "objection", world, data).status_code == 302
    data = {"result": "confirmed", "findings": "核实属实。"}
    assert post(as_alice, "spot_check_detail", "check", world, data).status_code == 302
    assert LegalAidCard.objects.get().status == LegalAidCard.Status.REVOKED
    assert Objection.objects.get().status == Objection.Status.UPHELD
    assert PledgeSpotCheck.objects.get().status == PledgeSpotCheck.Status.CONFIRMED


# -- hostile query parameters ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("decision_queue", {"page": "abc"}),
        ("decision_queue", {"page": "-1"}),
        ("card_list", {"page": "9" * 40}),
        ("card_list", {"holder_id_number": "abc", "card_number": "<script>"}),
        ("card_list", {"holder_id_number": "'; DROP TABLE x; --"}),
        ("card_list", {"holder_id_number": "x" * 10000}),
        ("objection_list", {"status": "<b>", "page": "1e9"}),
        ("spot_check_list", {"result": "🙂", "page": ""}),
        ("rules", {"region": "abc", "date": "2026-02-30"}),
        ("rules", {"region": "990000", "date": "99999-01-01"}),
        ("rules", {"region": "340000\n", "date": "0000-00-00"}),
        ("rules", {"region": "3" * 10000}),
    ],
)
def test_malformed_query_parameters_never_give_a_500(world, as_alice, name, params):
    response = as_alice.get(reverse(f"eligibility:{name}"), params)
    assert response.status_code == 200
    assert b"<script>" not in response.content and b"<b>" not in response.content
