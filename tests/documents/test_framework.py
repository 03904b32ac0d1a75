"""The documents framework: numbering, the registry's states, issuing, the list and print views, batches."""

import io
import threading
from datetime import date

import pytest
from django.db import connection, connections
from django.urls import reverse
from pypdf import PdfReader

from intake import services as intake_services
from legalaid.documents import registry, services
from legalaid.documents.numbering import next_number
from legalaid.documents.registry import DocumentState
from legalaid.models import AccessRecord, DocumentBatch, DocumentCounter, IssuedDocument
from tests.intake.factories import PersonFactory, file_application


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def application(frozen, bob, network):
    return file_application(bob, network.workstation, applicant=PersonFactory(name="王𠮷"))


def list_url(application):
    return reverse("documents:list", kwargs={"subject": "intake.application", "pk": application.pk})


def doc_url(application, code, suffix=""):
    return reverse(
        f"documents:{suffix or 'html'}", kwargs={"subject": "intake.application", "pk": application.pk, "code": code}
    )


def give_notice(application, alice):
    return intake_services.notice_issue(application, actor=alice, items=["户籍证明"], due_date=date(2026, 12, 10))


def test_numbers_follow_the_case_number_region_and_never_repeat(network, frozen):
    first = next_number(network.centre, "notice_service_receipt")
    second = next_number(network.centre, "notice_service_receipt")
    assert first == "〔2026〕皖0422法援送字第1号"
    assert second == "〔2026〕皖0422法援送字第2号"
    assert next_number(network.other_centre, "notice_service_receipt") == "〔2026〕皖0421法援送字第1号"
    assert next_number(network.centre, "notice_service_receipt", year=2027).startswith("〔2027〕")
    assert DocumentCounter.objects.get(organisation=network.centre, year=2026, series="送").last == 2


def test_an_unnumbered_kind_has_no_number(network):
    with pytest.raises(ValueError):
        next_number(network.centre, "materials_receipt")


def test_concurrent_numbers_are_unique(transactional_db, network):
    # The fixture by name (not the marker): the suite's seeded rows are kept across the flush that follows.
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    numbers, errors = [], []

    def take():
        try:
            for _ in range(5):
                numbers.append(next_number(network.centre, "notice_service_receipt"))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(numbers) == 20 and len(set(numbers)) == 20


def test_states_and_issue(application, alice, django_capture_on_commit_callbacks):
    states = {each.code: state for each, state, _reason in registry.documents_of(application)}
    assert states["notice_service_receipt"] == DocumentState.NOT_APPLICABLE
    with pytest.raises(Exception, match="不能出具"):
        services.document_issue("notice_service_receipt", application, actor=alice)
    give_notice(application, alice)
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.document_issue("notice_service_receipt", application, actor=alice)
    again = services.document_issue("notice_service_receipt", application, actor=alice)
    assert again.pk == issued.pk and issued.number == "〔2026〕皖0422法援送字第1号"
    state, reason = registry.state_of("notice_service_receipt", application)
    assert state == DocumentState.EXISTS and issued.number in reason
    issued.refresh_from_db()
    assert issued.pdf  # stored through the outbox (eager here), as issued
    assert issued.number in pdf_text(issued.pdf.read())


def test_list_view_in_scope_lower_role_and_outsider(application, as_alice, as_bob, as_charlie, alice):
    give_notice(application, alice)
    page = as_alice.get(list_url(application))
    assert page.status_code == 200
    content = page.content.decode()
    assert "申请材料接收凭证" in content and "出具并编号" in content
    assert as_bob.get(list_url(application)).status_code == 200  # the filing workstation sees its application
    assert as_charlie.get(list_url(application)).status_code == 404
    assert as_charlie.get(doc_url(application, "materials_receipt")).status_code == 404
    assert as_charlie.get(doc_url(application, "materials_receipt", "pdf")).status_code == 404


def test_a_user_without_the_subjects_permission_gets_403(application, network):
    from tests.conftest import login
    from tests.factories import make_handler

    handler = make_handler(network.law_firm)  # handlers see cases, not applications
    assert not handler.has_perm("intake.view_application")
    client = login(handler)
    assert client.get(list_url(application)).status_code == 403
    assert client.get(doc_url(application, "materials_receipt", "pdf")).status_code == 403
    assert client.post(doc_url(application, "notice_service_receipt", "issue")).status_code == 403


def test_a_read_only_role_sees_but_does_not_issue(application, network, alice):
    from legalaid.roles import Role
    from tests.conftest import login
    from tests.factories import make_member

    give_notice(application, alice)
    supervisor = login(make_member(network.centre, Role.SUPERVISOR))
    page = supervisor.get(list_url(application))
    assert page.status_code == 200 and "出具并编号" not in page.content.decode()
    assert supervisor.post(doc_url(application, "notice_service_receipt", "issue")).status_code == 403
    assert not IssuedDocument.objects.exists()


def test_print_views_log_access_and_number_on_issue(application, as_alice, alice, as_bob):
    html = as_alice.get(doc_url(application, "materials_receipt"))
    assert html.status_code == 200
    assert "unsafe-inline" in html["Content-Security-Policy"]
    assert "申请材料接收凭证" in html.content.decode()
    pdf = as_alice.get(doc_url(application, "materials_receipt", "pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert "申请材料接收凭证" in pdf_text(pdf.content)
    assert AccessRecord.objects.filter(kind=AccessRecord.Kind.DOCUMENT, user=alice).count() == 2
    # A numbered document prints only once it is issued (and numbered).
    give_notice(application, alice)
    assert as_alice.get(doc_url(application, "notice_service_receipt")).status_code == 404
    assert as_alice.post(doc_url(application, "notice_service_receipt", "issue")).status_code == 302
    issued = IssuedDocument.objects.get(kind="notice_service_receipt")
    text = pdf_text(as_alice.get(doc_url(application, "notice_service_receipt", "pdf")).content)
    assert issued.number in text and "送达回证" in text


def test_batch_renders_one_pdf_of_the_period(
    application, bob, network, alice, as_alice, django_capture_on_commit_callbacks
):
    other = file_application(bob, network.workstation, applicant=PersonFactory(name="李䶮"))
    with django_capture_on_commit_callbacks(execute=True):
        response = as_alice.post(
            reverse("documents:batches"), {"kind": "materials_receipt", "start": "2026-11-30", "end": "2026-11-30"}
        )
    assert response.status_code == 302
    batch = DocumentBatch.objects.get()
    assert batch.status == DocumentBatch.Status.READY and batch.document_count == 2
    assert sorted(batch.object_ids) == sorted([application.pk, other.pk])
    page = as_alice.get(reverse("documents:batches"))
    assert reverse("documents:batch_pdf", args=[batch.pk]) in page.content.decode()
    content = as_alice.get(reverse("documents:batch_pdf", args=[batch.pk])).content
    text = pdf_text(content)
    assert "王𠮷" in text and "李䶮" in text
    assert text.count("申请材料接收凭证") == 2


def test_batch_only_for_its_requester_and_scope(application, alice, charlie, as_charlie):
    batch = services.document_batch_request(
        alice, kind_code="materials_receipt", start=date(2026, 11, 30), end=date(2026, 11, 30)
    )
    assert as_charlie.get(reverse("documents:batch_pdf", args=[batch.pk])).status_code == 404
    with pytest.raises(Exception, match="没有可打印"):
        services.document_batch_request(
            charlie, kind_code="materials_receipt", start=date(2026, 11, 30), end=date(2026, 11, 30)
        )


def test_a_dead_batch_run_is_taken_up_again(application, alice, django_capture_on_commit_callbacks):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    batch = services.document_batch_request(
        alice, kind_code="materials_receipt", start=date(2026, 11, 30), end=date(2026, 11, 30)
    )
    DocumentBatch.objects.filter(pk=batch.pk).update(
        status=DocumentBatch.Status.RENDERING, claimed_at=timezone.now(), pdf=""
    )
    assert services.document_batches_repair() == 0  # the run is alive
    with (
        time_machine.travel(timezone.now() + timedelta(hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.document_batches_repair() == 1
    batch.refresh_from_db()
    assert batch.status == DocumentBatch.Status.READY and batch.pdf


def test_a_batch_is_laid_out_and_written_with_the_collector_paused(application, monkeypatch):
    import gc

    from weasyprint.document import Document

    seen = []
    for name in ("copy", "write_pdf"):
        original = getattr(Document, name)

        def spy(self, *args, _original=original, **kwargs):
            seen.append(gc.isenabled())
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Document, name, spy)
    content = services.render_many("materials_receipt", [application])
    assert "王𠮷" in pdf_text(content)
    assert seen == [False, False] and gc.isenabled()
