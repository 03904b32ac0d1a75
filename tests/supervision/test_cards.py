"""Cards issued for real cases: PDF text and QR, the public rating page, paper returns, batches, return rates."""

from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from legalaid.errors import DomainError
from legalaid.kernel import PUBLIC
from supervision import cards, selectors, services
from supervision.models import CardResponse, SupervisionCard, SupervisionFlag
from tests.supervision.test_card_pdf import decode_qr_codes, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def card(case, settings):
    settings.SITE_URL = "https://fayuan.example.cn"
    return services.card_issue(case.pk)


RATING = {"satisfaction": "5", "handler_contacted": "yes", "attended_hearing": "yes", "money": "no", "comments": ""}


def test_card_pdf_names_the_case_people_and_code_and_its_qr_opens_the_rating_page(card, case, roster):
    case.parties.update(name="欧阳喆堃")
    roster.senior_lawyer.last_name, roster.senior_lawyer.first_name = "龑", "㛃"
    roster.senior_lawyer.save()
    card = SupervisionCard.objects.get(pk=card.pk)
    _filename, pdf = cards.render_card(card)
    [text] = pdf_text(pdf)
    assert case.number in text
    assert "欧阳喆堃" in text and "龑㛃" in text
    assert cards.format_code(card.return_code) in text
    assert decode_qr_codes(pdf) == [f"https://fayuan.example.cn/supervision/r/{card.return_code}/"]
    # The stored PDF, generated at issue, carries the same code.
    assert cards.format_code(card.return_code) in pdf_text(card.pdf.read())[0]


def test_issuing_twice_gives_one_card_and_a_new_handler_a_new_card(card, case, roster, alice):
    from cases import services as case_services

    assert services.card_issue(case.pk) == card
    case.handler = roster.junior_lawyer  # as after an approved change of handler
    case.save(update_fields=["handler"])
    second = services.card_issue(case.pk)
    assert second != card and second.handler == roster.junior_lawyer and second.return_code != card.return_code
    assert case_services  # the change itself is the cases app's business


def test_public_page_takes_one_answer_without_login(card):
    client = Client()
    url = reverse("supervision:card_rate", args=[card.return_code])
    page = client.get(url)
    assert page.status_code == 200 and "承办人" in page.content.decode()
    response = client.post(url, {**RATING, "satisfaction": "1", "money": "took", "comments": "要了红包"})
    assert "感谢您的评价" in response.content.decode()
    answer = CardResponse.objects.get(card=card)
    assert answer.channel == "online" and answer.entered_by is None
    assert set(SupervisionFlag.objects.values_list("kind", flat=True)) == {"money", "dissatisfied"}
    again = client.post(url, RATING)
    assert "已经评价过了" in again.content.decode()
    assert CardResponse.objects.count() == 1


def test_public_lookup_accepts_the_code_as_printed(card):
    client = Client()
    printed = cards.format_code(card.return_code).lower()
    response = client.get(reverse("supervision:card_lookup"), {"code": printed})
    assert response.status_code == 302 and response["Location"].endswith(f"/r/{card.return_code}/")
    missing = client.get(reverse("supervision:card_lookup"), {"code": "AAAA-BBBB"})
    assert "没有找到" in missing.content.decode()
    assert client.get(reverse("supervision:card_rate", args=["ZZZZZZZZ"])).status_code == 404


def test_bad_answer_is_shown_again_with_a_message(card):
    response = Client().post(reverse("supervision:card_rate", args=[card.return_code]), {**RATING, "money": ""})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert not CardResponse.objects.exists()


def test_public_answers_are_rate_limited(card):
    client = Client()
    url = reverse("supervision:card_rate", args=[card.return_code])
    for _ in range(10):
        client.post(url, {"satisfaction": ""})
    assert client.post(url, RATING).status_code == 429
    assert not CardResponse.objects.exists()


def test_staff_enter_a_paper_card_by_code(card, as_alice, as_charlie):
    url = reverse("supervision:card_enter")
    code = cards.format_code(card.return_code)
    assert "没有找到" in as_charlie.get(url, {"code": code}).content.decode()
    form = as_alice.get(url, {"code": code})
    assert card.case.number in form.content.decode()
    response = as_alice.post(f"{url}?code={code}", {**RATING, "submitted_on": "2026-03-10"})
    assert response.status_code == 302
    answer = CardResponse.objects.get(card=card)
    assert answer.channel == "paper" and answer.entered_by.username == "alice"
    assert "已于" in as_alice.get(url, {"code": code}).content.decode()


def test_one_answer_per_card_in_the_service(card, alice):
    services.card_response_submit(
        card, actor=PUBLIC, satisfaction=4, handler_contacted="yes", attended_hearing="n/a", money="no"
    )
    with pytest.raises(DomainError, match="只能评价一次"):
        services.card_response_submit(
            card,
            actor=alice,
            satisfaction=4,
            handler_contacted="yes",
            attended_hearing="n/a",
            money="no",
            submitted_on=date(2026, 3, 10),
        )


def test_batch_print_and_return_rates(
    frozen_now, network, alice, roster, as_alice, as_bob, django_capture_on_commit_callbacks
):
    from tests.supervision.factories import assigned_case

    issued = [
        services.card_issue(assigned_case(network, actor=alice, handler=handler, name=name).pk)
        for handler, name in ((roster.senior_lawyer, "喆"), (roster.senior_lawyer, "堃"), (roster.junior_lawyer, "龑"))
    ]
    services.card_response_submit(
        issued[0], actor=PUBLIC, satisfaction=5, handler_contacted="yes", attended_hearing="yes", money="no"
    )
    rates = selectors.card_return_rates(alice, date(2026, 3, 1), date(2026, 3, 31))
    assert rates["centres"] == [{"centre__name": "寿县法律援助中心", "issued": 3, "returned": 1, "rate": 33.3}]
    senior = next(r for r in rates["handlers"] if r["handler_id"] == roster.senior_lawyer.pk)
    assert (senior["issued"], senior["returned"], senior["rate"]) == (2, 1, 50.0)
    with django_capture_on_commit_callbacks(execute=True):
        queued = as_alice.post(reverse("supervision:card_batch"), {"start": "2026-03-01", "end": "2026-03-31"})
    assert queued.status_code == 302
    from supervision.models import CardBatch

    batch = CardBatch.objects.get()  # the task ran in-process (no broker in tests)
    assert batch.status == "ready" and batch.card_count == 3 and batch.requested_by.username == "alice"
    response = as_alice.get(reverse("supervision:card_batch_pdf", args=[batch.pk]))
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_text(response.content)
    assert len(pages) == 3
    assert all(cards.format_code(c.return_code) in "".join(pages) for c in issued)
    assert "喆" in pages[0] or "喆" in "".join(pages)
    assert as_bob.post(reverse("supervision:card_batch"), {"start": "2026-03-01"}).status_code == 403
    assert as_bob.get(reverse("supervision:card_batch_pdf", args=[batch.pk])).status_code == 403
    empty = as_alice.post(reverse("supervision:card_batch"), {"start": "2025-01-01", "end": "2025-01-31"}, follow=True)
    assert "该期间没有发放监督卡" in empty.content.decode()
    assert services.card_batch_render(batch.pk) is None  # a retried task renders nothing twice
    page = as_alice.get(reverse("supervision:cards"), {"start": "2026-03-01", "end": "2026-03-31"})
    assert "33.3%" in page.content.decode()
    xlsx = as_alice.get(reverse("supervision:card_rates_xlsx"), {"start": "2026-03-01", "end": "2026-03-31"})
    assert xlsx.status_code == 200
