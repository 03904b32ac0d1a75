"""Each of the application's documents, printed from a realistic record and read back with pypdf.

The applicant is a migrant worker (a person group) with a rare name; the application came through a
representative, against an employer; the means test has a household with incomes and assets; the
grant's reason was typed with an ASCII comma. Each PDF must carry the title, the names, the ID
masked where the form masks it, the matter, dates and amounts written the Chinese way, and no
ASCII comma, colon or semicolon after a Chinese character anywhere.
"""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from eligibility import services as eligibility_services
from eligibility.services import MemberInput
from intake import services as intake_services
from intake.models import Application, OpposingParty
from legalaid.documents import registry
from legalaid.documents.registry import DocumentState
from legalaid.documents.services import document_issue
from tests.eligibility.factories import HardshipStandardFactory, ensure_national_rules, under_review
from tests.intake.factories import PersonFactory, resident_id

ASCII_AFTER_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f][ ]?[,:;]")


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def flat(text: str) -> str:
    """The text without the line breaks and spaces a PDF's layout puts in."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def record(frozen, alice, network):
    ensure_national_rules()
    HardshipStandardFactory(division_code="340422", division_name="寿县", monthly_per_capita_line=Decimal("1000.00"))
    applicant_id = resident_id(date(1978, 4, 9))
    applicant = PersonFactory(
        name="王𠮷",
        id_number=applicant_id,
        birth_date=date(1978, 4, 9),
        is_migrant_worker=True,
        household_address="安徽省寿县寿春镇南关村3组",
        residence_address="合肥市蜀山区笔架山街道工地宿舍",
    )
    representative = PersonFactory(name="李䶮", id_number=resident_id(date(1975, 1, 2)))
    application = under_review(
        alice,
        network.centre,
        applicant=applicant,
        representative=representative,
        representative_relationship=Application.Relationship.SPOUSE,
        facts="在建筑工地务工八个月,老板拖欠工资两万三千元;多次讨要未果。",
    )
    OpposingParty.objects.create(application=application, name="合肥某建筑劳务有限公司", role="被申请人")
    eligibility_services.assessment_create(
        application,
        actor=alice,
        members=[
            MemberInput(name="王𠮷", relation="self", monthly_income=Decimal("1200"), income_source="务工"),
            MemberInput(name="李䶮", relation="spouse", monthly_income=Decimal("600.50"), income_source="务农"),
            MemberInput(name="王小龑", relation="child", monthly_income=Decimal("0"), income_source="在读"),
        ],
        integrity_pledge=True,
        household_assets=Decimal("12000.07"),
    )
    eligibility_services.application_decide(
        application, actor=alice, granted=True, reason_text="申请人系进城务工人员,申请支付劳动报酬。"
    )
    application.refresh_from_db()
    return {"application": application, "applicant_id": applicant_id}


def render(code: str, application) -> str:
    text = pdf_text(registry.render_pdf(code, application))
    assert not ASCII_AFTER_CJK.search(text), ASCII_AFTER_CJK.search(text)
    return flat(text)


def test_every_application_document_is_listed_with_its_state(record):
    states = {kind.code: state for kind, state, _reason in registry.documents_of(record["application"])}
    assert states == {
        "application_form": DocumentState.EXISTS,
        "application_power_of_attorney": DocumentState.EXISTS,
        "materials_receipt": DocumentState.DUE,
        "notice_service_receipt": DocumentState.NOT_APPLICABLE,
        "means_declaration": DocumentState.EXISTS,
        "approval_form": DocumentState.EXISTS,
        "decision_service_receipt": DocumentState.DUE,
    }


def test_application_form(record):
    application = record["application"]
    text = render("application_form", application)
    assert "法律援助申请表" in text
    assert "王𠮷" in text and record["applicant_id"] in text  # the applicant's own form: the ID in full
    assert "进城务工人员" in text or "农民工" in text
    assert "李䶮（配偶）" in text
    assert "合肥某建筑劳务有限公司（被申请人）" in text
    assert "务工八个月，老板拖欠工资两万三千元；多次讨要未果" in text
    assert "2026年11月30日" in text and "1978年4月9日" in text
    assert application.number in text


def test_power_of_attorney_only_through_a_representative(record, alice, network):
    text = render("application_power_of_attorney", record["application"])
    assert "法律援助申请委托书" in text
    assert "委托人王𠮷" in text and "受托人李䶮" in text
    masked = record["applicant_id"][:6] + "********" + record["applicant_id"][-4:]
    assert masked in text and record["applicant_id"] not in text
    assert "配偶" in text and "寿县法律援助中心" in text
    alone = under_review(alice, network.centre)
    state, reason = registry.state_of("application_power_of_attorney", alone)
    assert state == DocumentState.NOT_APPLICABLE and "本人申请" in reason


def test_means_declaration_amounts_in_capitals(record):
    text = render("means_declaration", record["application"])
    assert "经济困难状况说明表" in text
    assert "王𠮷" in text and "王小龑" in text and "配偶" in text
    assert record["applicant_id"] not in text
    assert "1,800.50元（人民币壹仟捌佰元零伍角）" in text  # household income per month
    assert "12,000.07元（人民币壹万贰仟元零柒分）" in text  # assets
    assert "600.17元" in text  # per head
    assert "2026年11月30日" in text


def test_approval_form_has_both_opinions(record, alice):
    application = record["application"]
    decision = application.eligibility_decisions.get()
    text = render("approval_form", application)
    assert "法律援助审批表" in text
    assert "王𠮷" in text and record["applicant_id"] not in text
    assert record["applicant_id"][-4:] in text
    assert "承办人审查意见" in text and "建议给予法律援助" in text and "承办人：王爱丽" in text
    assert "同意给予法律援助" in text and "审批人：王爱丽" in text
    assert "申请人系进城务工人员，申请支付劳动报酬" in text  # the typed ASCII comma is gone
    assert decision.number in text
    assert "2026年11月30日" in text


def test_decision_service_receipt_is_numbered_once(record, alice):
    application = record["application"]
    decision = application.eligibility_decisions.get()
    issued = document_issue("decision_service_receipt", application, actor=alice)
    text = render("decision_service_receipt", application)
    assert "送达回证" in text and "给予法律援助决定书" in text
    assert decision.number in text and issued.number in text and "王𠮷" in text
    assert document_issue("decision_service_receipt", application, actor=alice).number == issued.number
    assert issued.number == "〔2026〕皖0422法援送字第1号"


def test_materials_receipt_lists_the_checklist(record):
    text = render("materials_receipt", record["application"])
    assert "申请材料接收凭证" in text and "王𠮷" in text
    assert "2026年11月30日" in text
    assert "未收" in text  # nothing filed yet: every item listed as not received


def test_notice_service_receipt(frozen, alice, network):
    application = under_review(alice, network.centre, applicant=PersonFactory(name="赵龘"))
    intake_services.notice_issue(application, actor=alice, items=["户籍证明"], due_date=date(2026, 12, 10))
    notice = application.materials_notice
    document_issue("notice_service_receipt", application, actor=alice)
    text = render("notice_service_receipt", application)
    assert "送达回证" in text and "一次性告知书" in text and notice.number in text and "赵龘" in text


def test_the_decision_letter_reads_as_chinese_prose(record):
    from eligibility.documents import render_decision

    decision = record["application"].eligibility_decisions.get()
    _filename, content = render_decision(decision)
    text = pdf_text(content)
    assert not ASCII_AFTER_CJK.search(text), ASCII_AFTER_CJK.search(text)
    text = flat(text)
    assert "申请人系进城务工人员，申请支付劳动报酬" in text
    assert "你于2026年11月30日向本中心提出" in text
    assert "—1—" in text  # the page number at the foot, official style


def test_intakes_forms_and_notices_read_as_chinese_prose(record, alice, network):
    from intake import documents

    application = record["application"]
    for slug in documents.FORMS:
        _filename, content = documents.render_form(slug, application)
        text = pdf_text(content)
        assert not ASCII_AFTER_CJK.search(text), (slug, ASCII_AFTER_CJK.search(text))
        assert "2026年11月30日" in flat(text) or slug == "acceptance-notice"
    other = under_review(alice, network.centre, applicant=PersonFactory(name="赵龘"))
    notice = intake_services.notice_issue(
        other, actor=alice, items=["户籍证明(原件)", "劳动合同,或工资条"], due_date=date(2026, 12, 10)
    )
    text = pdf_text(documents.render_materials_notice(notice)[1])
    assert not ASCII_AFTER_CJK.search(text), ASCII_AFTER_CJK.search(text)
    assert "2026年12月10日前" in flat(text) and "户籍证明（原件）" in flat(text)
