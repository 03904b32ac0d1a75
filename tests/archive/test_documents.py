"""Each of the case's documents rendered to PDF and read back: title, names, case number, Chinese dates,
amounts in capitals, full-width punctuation in prose; the letters chosen by the case's origin and type."""

import re
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from cases import documents, services
from cases.models import Case, CooperationRequest, Hearing
from cases.official_documents import fitting_letter
from intake.models import Channel
from legalaid.documents import registry
from legalaid.documents.registry import DocumentState
from legalaid.documents.services import document_issue
from tests.cases.factories import granted_application, notification_case, subsidy_standard

from .conftest import close_case

pytestmark = pytest.mark.django_db

# An ASCII comma, colon or semicolon (or bracket) right after a Chinese character: prose set wrongly.
ASCII_AFTER_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f][,:;()]")


def read(code: str, record) -> str:
    content = registry.render_pdf(code, record)
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return re.sub(r"\s+", "", text)


def assert_official(text: str, title: str, *facts: str) -> None:
    assert title in text
    for fact in facts:
        assert fact in text, fact
    assert not ASCII_AFTER_CJK.search(text), ASCII_AFTER_CJK.search(text).group()


def states(record) -> dict[str, str]:
    return {kind.code: state for kind, state, _reason in registry.documents_of(record)}


def test_closed_labour_case_documents(media, labour_case, roster, alice):
    subsidy_standard(amount="1500.00")
    lawyer = roster.senior_lawyer
    case = close_case(labour_case, lawyer, alice)
    name, number, handler = "张建国", case.number, lawyer.get_full_name()
    found = states(case)
    assert found["agency_agreement"] == DocumentState.EXISTS
    assert found["defence_agreement"] == DocumentState.NOT_APPLICABLE
    assert {found[code] for code in ("aid_letter", "aid_letter_forwarded", "aid_letter_notification")} == {
        DocumentState.NOT_APPLICABLE
    }
    assert_official(
        read("agency_agreement", case), "委托代理协议", name, number, handler, "2026年3月10日", "安徽寿州律师事务所"
    )
    assert_official(read("power_of_attorney", case), "授权委托书", name, number, handler, "2026年3月10日")
    assert_official(read("assignment_notice", case), "法律援助案件指派通知书", name, number, handler, "2026年3月10日")
    report = read("closing_report", case)
    assert_official(
        report,
        "结案报告表",
        name,
        number,
        "2026年3月10日",
        "23,000.00元",
        "裁决用人单位支付拖欠工资二万三千元，已送达双方",
    )
    review = read("closing_review", case)
    assert_official(review, "结案审查表", name, number, "同意结案", "2026年3月10日")
    assert "人民币壹仟伍佰元整" in review


def test_notification_defence_letter_issued_with_its_number(media, network, alice, roster):
    case = notification_case(
        alice, network.centre, accused_name="李䶮", charge="盗窃罪", letter_number="(2026)皖0422刑初7号"
    )
    assert fitting_letter(case) == "aid_letter_notification"
    assert states(case)["aid_letter_notification"] == DocumentState.NOT_APPLICABLE  # not assigned yet
    services.case_assign(case, actor=alice, handler=roster.minors_lawyer, reason="熟悉未成年人案件")
    case.refresh_from_db()
    found = states(case)
    assert found["aid_letter_notification"] == DocumentState.DUE
    assert found["aid_letter"] == found["aid_letter_compulsory_treatment"] == DocumentState.NOT_APPLICABLE
    reasons = {kind.code: reason for kind, _state, reason in registry.documents_of(case)}
    assert "法律援助公函（通知辩护）" in reasons["aid_letter"]
    issued = document_issue("aid_letter_notification", case, actor=alice)
    assert issued.number == "〔2026〕皖0422法援函字第1号"
    text = read("aid_letter_notification", case)
    assert_official(text, "法律援助公函", "〔2026〕皖0422法援函字第1号", "寿县人民法院", "李䶮", "盗窃罪", case.number)
    assert "《（2026）皖0422刑初7号》" in text
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", text)
    assert states(case)["aid_letter_notification"] == DocumentState.EXISTS
    assert states(case)["defence_agreement"] == DocumentState.DUE
    # The letter back to the court and the notice, through the older renderers, on the same layout.
    assignment = case.assignments.get()
    _name, content = documents.render_notification_reply(assignment)
    reply = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(BytesIO(content)).pages))
    assert_official(reply, "指派律师通知书", "李䶮", "寿县人民法院", case.number)


def handled_by(case, lawyer, signed_on=None):
    """The case as a handler holds it (the assignment itself is tested by cases)."""
    Case.objects.filter(pk=case.pk).update(
        handler=lawyer,
        handler_organisation=lawyer.profile.organisation,
        assigned_at=case.accepted_at,
        agreement_signed_on=signed_on,
        status=Case.Status.IN_PROGRESS if signed_on else Case.Status.ASSIGNED,
    )
    case.refresh_from_db()
    return case


def test_compulsory_treatment_and_forwarded_and_ordinary_letters(media, network, alice, roster):
    treatment = notification_case(alice, network.centre, ground="compulsory_treatment", accused_name="赵某")
    assert fitting_letter(treatment) == "aid_letter_compulsory_treatment"
    forwarded_channel = Channel.objects.create(
        code="detention_forwarded", name="看守所转交", category="forwarded", for_application=True
    )
    forwarded = services.case_open_from_application(
        granted_application(
            network, case_type="criminal", matter=None, channel=forwarded_channel, criminal_stage="prosecution_review"
        ),
        actor=alice,
    )
    assert fitting_letter(forwarded) == "aid_letter_forwarded"
    civil = services.case_open_from_application(granted_application(network, case_type="civil"), actor=alice)
    assert fitting_letter(civil) == "aid_letter"
    labour = services.case_open_from_application(granted_application(network), actor=alice)
    assert fitting_letter(labour) is None
    reasons = {kind.code: reason for kind, _state, reason in registry.documents_of(labour)}
    assert "劳动仲裁、非诉讼案件不向法院" in reasons["aid_letter"]

    lawyer = roster.senior_lawyer
    Hearing.objects.create(
        case=civil, starts_at=civil.accepted_at, court="寿县人民法院", scheduled_by=alice
    )  # the ordinary letter is addressed to the court of the case's hearings
    expected = [
        (treatment, "aid_letter_compulsory_treatment", ["赵某", "强制医疗", "诉讼代理人", "寿县人民法院"], "函字第1号"),
        (forwarded, "aid_letter_forwarded", ["张建国", "看守所转交", "第三十九条", "辩护人"], "函字第2号"),
        (civil, "aid_letter", ["张建国", "寿县人民法院", "代理人"], "函字第3号"),
    ]
    for case, code, facts, number in expected:
        case = handled_by(case, lawyer)
        assert states(case)[code] == DocumentState.DUE
        document_issue(code, case, actor=alice)
        text = read(code, case)
        assert_official(text, "法律援助公函", *facts, number, case.number, lawyer.get_full_name(), "安徽寿州律师事务所")
        assert re.search(r"2026年\d{1,2}月\d{1,2}日", text)
    defence = handled_by(forwarded, lawyer, signed_on=date(2026, 3, 12))
    assert states(defence)["defence_agreement"] == DocumentState.EXISTS
    assert states(defence)["agency_agreement"] == DocumentState.NOT_APPLICABLE
    text = read("defence_agreement", defence)
    assert_official(text, "委托辩护协议", "张建国", "辩护人", "审查起诉阶段", "2026年3月12日", defence.number)
    assert_official(read("power_of_attorney", defence), "授权委托书", "辩护人", "会见、阅卷", "2026年3月12日")


def test_termination_decision(media, labour_case, alice):
    services.case_terminate(labour_case, actor=alice, ground="own_counsel", reasons="受援人已自行委托律师,要求终止。")
    labour_case.refresh_from_db()
    assert states(labour_case)["termination_decision"] == DocumentState.EXISTS
    text = read("termination_decision", labour_case)
    assert_official(
        text,
        "终止法律援助决定书",
        "张建国",
        labour_case.number,
        "2026年3月10日",
        "受援人已自行委托律师，要求终止",
        "寿县司法局",
    )


def test_cooperation_letter_and_reply(media, labour_case, alice, network):
    outgoing = CooperationRequest.objects.create(
        centre=network.centre,
        case=labour_case,
        direction="outgoing",
        counterpart_name="凤台县法律援助中心",
        kind="hardship_proof",
        request="请协助核实申请人户籍地的经济困难状况,并出具证明。",
        due_date=date(2026, 3, 20),
        created_by=alice,
    )
    assert states(outgoing) == {
        "cooperation_letter": DocumentState.DUE,
        "cooperation_reply": DocumentState.NOT_APPLICABLE,
    }
    document_issue("cooperation_letter", outgoing, actor=alice)
    text = read("cooperation_letter", outgoing)
    assert_official(
        text,
        "法律援助协作函",
        "〔2026〕皖0422法援协字第1号",
        "凤台县法律援助中心",
        labour_case.number,
        "张建国",
        "经济困难状况，并出具证明",
        "2026年3月20日",
    )
    incoming = CooperationRequest.objects.create(
        centre=network.centre,
        direction="incoming",
        counterpart_name="凤台县法律援助中心",
        kind="service",
        request="请协助送达法律文书。",
        due_date=date(2026, 3, 20),
        status="answered",
        answer="已于3月9日送达受援人本人,回证附后。",
        created_by=alice,
    )
    assert states(incoming)["cooperation_reply"] == DocumentState.DUE
    document_issue("cooperation_reply", incoming, actor=alice)
    assert_official(
        read("cooperation_reply", incoming),
        "法律援助协作复函",
        "〔2026〕皖0422法援协字第2号",
        "已于3月9日送达受援人本人，回证附后",
    )


def test_authority_opinion_letter(media, labour_case, alice):
    from supervision.models import SupervisionActivity

    assert states(labour_case)["authority_opinion_letter"] == DocumentState.NOT_APPLICABLE
    SupervisionActivity.objects.create(
        case=labour_case,
        kind="authority_opinion",
        date=date(2026, 3, 10),
        authority="寿县劳动人事争议仲裁委员会",
        recorded_by=alice,
    )
    text = read("authority_opinion_letter", labour_case)
    assert_official(text, "征询意见函", "寿县劳动人事争议仲裁委员会", labour_case.number, "2026年3月10日", "张建国")
