"""Every page: the outsider gets 404, a role without the permission 403, the right one 200; forms
re-show their values with a Chinese message on bad input."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from eligibility import services
from eligibility.models import Decision, LegalAidCard, MeansAssessment, Objection
from intake.models import Application
from legalaid.models import AccessRecord
from legalaid.roles import Role
from tests.eligibility.factories import members, under_review
from tests.factories import make_handler, make_member

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-03-02 10:00 +08:00", tick=False):
        yield


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_lawyer(network):
    return client_for(make_handler(network.law_firm))


def url(name, world, key=None):
    return reverse(f"eligibility:{name}", args=[world[key].pk] if key else [])


PAGES = [
    # (url name, world key, permission holder's expected code for alice, lawyer (no perm) code)
    ("decision_queue", None),
    ("application", "refused"),
    ("application_decide", "granted"),
    ("decision_detail", "refusal"),
    ("decision_pdf", "refusal"),
    ("card_list", None),
    ("card_detail", "card"),
    ("card_pdf", "card"),
    ("card_issue", None),
    ("card_revoke", "card"),
    ("objection_list", None),
    ("objection_detail", "objection"),
    ("spot_check_list", None),
    ("spot_check_detail", "check"),
    ("rules", None),
]


@pytest.mark.parametrize(("name", "key"), PAGES)
def test_the_member_sees_the_page(world, as_alice, name, key):
    response = as_alice.get(url(name, world, key))
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "key"), PAGES)
def test_a_role_without_the_permission_gets_403(world, as_lawyer, name, key):
    assert as_lawyer.get(url(name, world, key)).status_code == 403


@pytest.mark.parametrize(("name", "key"), [(n, k) for n, k in PAGES if k])
def test_the_outsider_gets_404(world, as_charlie, name, key):
    assert as_charlie.get(url(name, world, key)).status_code == 404


def test_the_outsider_lists_show_nothing_of_ours(world, as_charlie):
    assert world["refused"].number not in as_charlie.get(url("decision_queue", world)).content.decode()
    assert "李桂英" not in as_charlie.get(url("card_list", world)).content.decode()
    assert "不服" not in as_charlie.get(url("objection_list", world)).content.decode()


def test_clerk_pages(world, as_bob):
    assert as_bob.get(url("decision_queue", world)).status_code == 403
    assert as_bob.get(url("card_issue", world)).status_code == 403
    assert as_bob.get(url("spot_check_list", world)).status_code == 403
    assert as_bob.get(url("rules", world)).status_code == 200
    assert as_bob.get(url("card_list", world)).status_code == 200
    # Filed at the centre, not at bob's workstation: out of his scope.
    assert as_bob.get(url("application", world, "refused")).status_code == 404


def test_clerk_assesses_an_application_filed_at_the_workstation(bob, as_bob, network, standards):
    from intake import services as intake_services
    from intake.models import Channel
    from tests.intake.factories import PersonFactory

    application = intake_services.application_submit(
        actor=bob,
        applicant=PersonFactory(created_by=bob),
        channel=Channel.objects.get(code="workstation"),
        receiving_organisation=network.workstation,
        case_type="civil",
        matter=None,
        facts="赡养纠纷",
        service_requested="litigation",
    )
    assert as_bob.get(reverse("eligibility:assessment_create", args=[application.pk])).status_code == 200
    response = as_bob.post(reverse("eligibility:assessment_create", args=[application.pk]), assess_data("800"))
    assert response.status_code == 302
    assert MeansAssessment.objects.get(application=application).outcome == "incomplete"  # no matter yet


def test_objection_decide_needs_the_bureau(bureau, world, as_alice, director):
    assert as_alice.get(url("objection_decide", world, "objection")).status_code == 403
    assert client_for(director).get(url("objection_decide", world, "objection")).status_code == 403
    assert client_for(bureau).get(url("objection_decide", world, "objection")).status_code == 200


def test_objection_create_page(world, alice, as_alice):
    # The refusal already has a pending objection: the form shows, but filing another is refused.
    response = as_alice.post(
        url("objection_create", world, "refused"),
        {"objector_name": "某某", "filed_on": "2026-03-02", "grounds": "再次异议"},
    )
    assert response.status_code == 200
    assert "已有待审查的异议" in response.content.decode()


# -- forms ---------------------------------------------------------------------------------


def assess_data(*incomes, pledge=True, **extra) -> dict:
    data = {
        "members-TOTAL_FORMS": "6",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
        "claims-TOTAL_FORMS": "2",
        "claims-INITIAL_FORMS": "0",
        "claims-MIN_NUM_FORMS": "0",
        "claims-MAX_NUM_FORMS": "6",
        "priority_group": "",
        "notes": "",
        "household_assets": "",
    }
    relations = ["self", "spouse", "child", "parent"]
    for i, income in enumerate(incomes):
        data.update(
            {
                f"members-{i}-name": f"成员{i}",
                f"members-{i}-relation": relations[i],
                f"members-{i}-monthly_income": income,
            }
        )
    if pledge:
        data["integrity_pledge"] = "on"
    data.update(extra)
    return data


def test_assess_then_grant_through_the_pages(alice, as_alice, network, standards):
    application = under_review(alice, network.centre)
    form = as_alice.get(reverse("eligibility:assessment_create", args=[application.pk])).content.decode()
    assert "诚信承诺" in form and "寿县家庭人均月收入 1000.00 元" in form
    response = as_alice.post(
        reverse("eligibility:assessment_create", args=[application.pk]), assess_data("1200", "600")
    )
    assert response.status_code == 302
    page = as_alice.get(response["Location"]).content.decode()
    assert "符合经济困难标准" in page and "人均月收入 900.00 元" in page
    response = as_alice.post(reverse("eligibility:application_decide", args=[application.pk]), {"result": "grant"})
    decision = Decision.objects.get(application=application)
    assert response.status_code == 302 and response["Location"] == reverse(
        "eligibility:decision_detail", args=[decision.pk]
    )
    application.refresh_from_db()
    assert application.status == Application.Status.GRANTED


def test_bad_assessment_input_is_reshown_with_a_message(alice, as_alice, network, standards):
    application = under_review(alice, network.centre)
    response = as_alice.post(
        reverse("eligibility:assessment_create", args=[application.pk]),
        assess_data(
            "-5", **{"members-1-name": "配偶", "members-1-relation": "spouse", "members-1-monthly_income": "abc"}
        ),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="-5"' in content and 'value="abc"' in content
    assert "确保该值大于或等于0" in content or "大于或等于" in content
    assert not MeansAssessment.objects.exists()


def test_waiver_claim_without_document_is_reshown(alice, as_alice, network, standards):
    application = under_review(alice, network.centre)
    response = as_alice.post(
        reverse("eligibility:assessment_create", args=[application.pk]),
        assess_data("9000", **{"claims-0-category": "migrant_worker"}),
    )
    assert response.status_code == 200
    assert "请填写查验的证明材料" in response.content.decode()


def test_refusal_without_reasons_is_reshown(alice, as_alice, network, standards):
    application = under_review(alice, network.centre)
    services.assessment_create(application, actor=alice, members=members("5000"), integrity_pledge=True)
    page = as_alice.get(reverse("eligibility:application_decide", args=[application.pk])).content.decode()
    assert 'value="not_needy" checked' in page or 'checked value="not_needy"' in page or "not_needy" in page
    response = as_alice.post(
        reverse("eligibility:application_decide", args=[application.pk]), {"result": "refuse", "reason_text": ""}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "不予法律援助须选择理由" in content and "不予法律援助须写明具体理由" in content
    response = as_alice.post(reverse("eligibility:application_decide", args=[application.pk]), {"result": "grant"})
    assert response.status_code == 200
    assert "不能给予法律援助" in response.content.decode()
    assert not Decision.objects.exists()


def test_decide_without_assessment_redirects_to_assessment(alice, as_alice, network, standards):
    application = under_review(alice, network.centre)
    response = as_alice.get(reverse("eligibility:application_decide", args=[application.pk]))
    assert response["Location"] == reverse("eligibility:assessment_create", args=[application.pk])


def test_refusal_page_and_pdf(world, as_alice):
    page = as_alice.get(url("decision_detail", world, "refusal")).content.decode()
    assert "收入高于标准。" in page and "可以向寿县司法局提出" in page
    response = as_alice.get(url("decision_pdf", world, "refusal"))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_card_issue_and_revoke_pages(as_alice, network, alice):
    response = as_alice.post(
        reverse("eligibility:card_issue"),
        {
            "issuing_centre": network.centre.pk,
            "holder_name": "王五",
            "holder_id_number": "340422195003010020",
            "group": "disabled_grade_1_2",
            "proof_document": "残疾人证",
            "issued_on": "2026-03-02",
        },
    )
    assert response.status_code == 200
    assert "校验位" in response.content.decode() and 'value="王五"' in response.content.decode()
    response = as_alice.post(
        reverse("eligibility:card_issue"),
        {
            "issuing_centre": network.centre.pk,
            "holder_name": "王五",
            "holder_id_number": "34042219500301002X",
            "group": "disabled_grade_1_2",
            "proof_document": "残疾人证",
            "issued_on": "2026-03-02",
        },
    )
    card = LegalAidCard.objects.get()
    assert response.status_code == 302 and card.issued_by == alice
    found = as_alice.get(reverse("eligibility:card_list"), {"holder_id_number": card.holder_id_number}).content.decode()
    assert 'data-testid="card-lookup"' in found and card.number in found
    logged = AccessRecord.objects.get(kind="lookup")
    assert logged.user == alice and logged.subject.startswith("340422") and "*" in logged.subject
    response = as_alice.post(reverse("eligibility:card_revoke", args=[card.pk]), {"reason": "已迁出"})
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == "revoked"


def test_objection_decide_page_reopens(bureau, world):
    client = client_for(bureau)
    response = client.post(
        url("objection_decide", world, "objection"),
        {"result": "correction_ordered", "decided_on": "2026-03-02", "opinion": "责令重新审查。"},
    )
    assert response.status_code == 302
    assert Objection.objects.get().status == "correction_ordered"
    world["refused"].refresh_from_db()
    assert world["refused"].status == Application.Status.UNDER_REVIEW


def test_spot_check_page_records_a_false_pledge(world, as_alice):
    response = as_alice.post(
        url("spot_check_detail", world, "check"),
        {"result": "false_pledge", "findings": "名下有车辆。", "cost_amount": ""},
    )
    assert response.status_code == 302
    page = as_alice.get(url("spot_check_detail", world, "check")).content.decode()
    assert "承诺不实" in page and "费用追缴" in page
    response = as_alice.post(
        url("spot_check_detail", world, "check"),
        {"recovery": "1", "status": "open", "fine_amount": "5000", "notes": ""},
    )
    assert response.status_code == 200 and 'value="5000"' in response.content.decode()


def test_rules_page_shows_the_standard_scope_and_waivers(world, as_alice, huainan_rules):
    page = as_alice.get(reverse("eligibility:rules")).content.decode()
    assert "1000.00" in page and "请求确认劳动关系或者支付劳动报酬" in page
    assert "法律援助卡持卡人" in page and "不受经济困难条件限制" in page
    page = as_alice.get(reverse("eligibility:rules"), {"region": "320100"}).content.decode()
    assert "没有有效的经济困难标准" in page
    assert as_alice.get(reverse("eligibility:rules"), {"region": "x"}).status_code == 200


def test_home_panels(world, as_alice, director):
    page = as_alice.get(reverse("home")).content.decode()
    assert "待审查决定的申请" in page and "待审查的异议" in page and "诚信承诺抽查" in page


def test_intake_offers_the_waiver_categories_in_force(world, huainan_rules):
    from intake.waivers import waiver_choices

    codes = dict(waiver_choices())
    assert codes["legal_aid_card"] == "法律援助卡持卡人" and "migrant_worker" in codes


# -- admin what-if -------------------------------------------------------------------------


@pytest.fixture
def admin_client(network):
    admin = make_member(network.city, Role.ADMINISTRATOR, username="admin")
    admin.is_staff = True
    admin.save()
    return client_for(admin)


def standard_post(**extra) -> dict:
    data = {
        "division_code": "340422",
        "division_name": "寿县",
        "effective_from": "2026-07-01",
        "effective_to": "",
        "monthly_per_capita_line": "",
        "minimum_allowance_base": "490.00",
        "multiple": "2.00",
        "asset_limit": "",
        "legal_basis": "",
        "notes": "",
    }
    data.update(extra)
    return data


def test_admin_whatif_shows_the_impact_without_saving(world, alice, network, admin_client, standards):
    from eligibility.models import HardshipStandard

    near_the_line = under_review(alice, network.centre)
    services.assessment_create(near_the_line, actor=alice, members=members("990"), integrity_pledge=True)
    county = standards[1]
    county.effective_to = date(2026, 6, 30)
    county.save()
    before = HardshipStandard.objects.count()
    response = admin_client.post(reverse("admin:eligibility_hardshipstandard_add"), standard_post(_whatif="1"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="whatif"' in content
    whatif = response.context["adminform"].form.whatif
    assert (whatif.considered, whatif.changed, whatif.newly_ineligible) == (3, 1, 1)  # 990 > 980
    assert near_the_line.number in content
    assert HardshipStandard.objects.count() == before
    response = admin_client.post(reverse("admin:eligibility_hardshipstandard_add"), standard_post(_save="1"))
    assert response.status_code == 302
    created = HardshipStandard.objects.get(effective_from=date(2026, 7, 1))
    assert created.monthly_per_capita_line == D("980.00")


def test_admin_rejects_an_overlapping_standard(world, admin_client):
    response = admin_client.post(reverse("admin:eligibility_hardshipstandard_add"), standard_post(_save="1"))
    assert response.status_code == 200
    assert "有效期重叠" in response.content.decode()


def test_admin_pages_of_every_table(world, admin_client):
    for model in [
        "hardshipstandard",
        "matterscope",
        "waivercategory",
        "prioritygroup",
        "spotcheckpolicy",
        "pledgetext",
        "meansassessment",
        "decision",
        "legalaidcard",
        "objection",
        "spotcheckdraw",
        "pledgespotcheck",
        "recovery",
        "documentsequence",
    ]:
        assert admin_client.get(reverse(f"admin:eligibility_{model}_changelist")).status_code == 200, model
