"""Done-when: a notification-defence case for a minor accused is assigned only to a minors-trained lawyer,
within the 3-day clock, and the letter back to the court is a readable PDF."""

import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from cases import documents, services
from cases.models import Case
from legalaid.errors import DomainError
from tests.cases.factories import notification_case
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_minor_accused_notification_defence_end_to_end(network, alice, roster):
    with time_machine.travel("2026-03-09 10:00 +08:00", tick=False):  # letter arrives on Monday
        case = notification_case(
            alice,
            network.centre,
            authority_name="寿县人民法院",
            letter_number="(2026)皖0422刑初118号",
            letter_date=date(2026, 3, 9),
            received_on=date(2026, 3, 9),
            accused_name="胡小军",
            accused_birth_date=date(2009, 8, 2),
            charge="抢劫罪",
            ground="minor",
        )
    assert case.assignment_due == date(2026, 3, 12)

    with time_machine.travel("2026-03-11 15:00 +08:00", tick=False):  # two days later
        for unqualified in (roster.senior_lawyer, roster.junior_lawyer, roster.service_worker):
            with pytest.raises(DomainError):
                services.case_assign(case, actor=alice, handler=unqualified, reason="人手紧张", client_choice=True)
        assignment = services.case_assign(case, actor=alice, handler=roster.minors_lawyer)
        assert assignment.on_time and assignment.rank == 1
        case.refresh_from_db()
        assert case.status == Case.Status.ASSIGNED and case.handler == roster.minors_lawyer

        filename, content = documents.render_notification_reply(assignment)
        assert filename.endswith(".pdf") and content.startswith(b"%PDF")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
        for expected in [
            "指派律师通知书",
            case.number,
            "寿县人民法院",
            "（2026）皖0422刑初118号",  # the authority's number set in full-width brackets beside Chinese
            "胡小军",
            "未成年人",
            "抢劫罪",
            roster.minors_lawyer.get_full_name(),
            network.law_firm.name,
            "2026年3月11日",
            "第三十六条",
        ]:
            assert expected in text.replace("\n", ""), expected

        response = login(alice).get(reverse("cases:assignment_letter_pdf", args=[case.pk, assignment.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
