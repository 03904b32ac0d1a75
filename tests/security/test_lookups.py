"""Look-ups across organisations answer only what the caller needs: found or not, masked; each is logged
and limited per user. A card check needs the holder's ID number. The public form never tells whether an ID
number is registered, nor the name it is registered under."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from eligibility import services as eligibility_services
from eligibility.models import LegalAidCard
from eligibility.views.cards import CHECK_LIMIT
from intake.models import Application
from intake.views.persons import LOOKUP_LIMIT
from legalaid.models import AccessRecord
from tests.intake.factories import PersonFactory, file_application, resident_id


@pytest.fixture(autouse=True)
def clean_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def registered(network, alice):
    """A person registered by the 寿县 centre, in one of its applications."""
    person = PersonFactory(name="欧阳春花", phone="13912345678", created_by=alice)
    file_application(alice, network.centre, applicant=person)
    return person


def test_the_id_number_look_up_answers_another_county_found_masked_and_logs_it(registered, as_charlie, charlie):
    answer = as_charlie.get(reverse("intake:person_lookup"), {"id_number": registered.id_number})
    body = answer.content.decode()
    assert answer.json()["found"] is True
    assert registered.id_number not in body and "欧阳" not in body and registered.phone not in body
    assert str(registered.pk) not in answer.json().values()
    record = AccessRecord.objects.get(user=charlie)
    assert record.organisation == charlie.profile.organisation and registered.id_number not in record.subject
    assert as_charlie.get(reverse("intake:person_lookup"), {"id_number": resident_id()}).json() == {"found": False}
    assert AccessRecord.objects.filter(user=charlie).count() == 2  # a miss is logged as well


def test_the_id_number_look_up_limit_is_per_user(registered, as_charlie, as_alice):
    url = reverse("intake:person_lookup")
    for _ in range(LOOKUP_LIMIT[0]):
        assert as_charlie.get(url, {"id_number": resident_id()}).status_code == 200
    assert as_charlie.get(url, {"id_number": registered.id_number}).status_code == 429
    assert as_alice.get(url, {"id_number": registered.id_number}).json()["found"] is True


@pytest.fixture
def card(network, alice):
    return eligibility_services.card_issue(
        actor=alice,
        centre=network.centre,
        holder_name="欧阳春花",
        holder_id_number=resident_id(date(1950, 3, 1), female=True),
        group=LegalAidCard.Group.DISABLED,
        proof_document="残疾人证 34042219500301002X42",
    )


def check(client, **query):
    return client.get(reverse("eligibility:card_list"), query)


def test_a_card_number_alone_lists_no_holder_for_another_county(card, as_charlie):
    for holder in (resident_id(), ""):  # someone else's ID number, or none: the card number is not a key
        page = check(as_charlie, holder_id_number=holder, card_number=card.number).content.decode()
        assert "欧阳" not in page and "欧**花" not in page and 'data-testid="card-lookup"' not in page


def test_a_card_check_with_the_holders_id_answers_masked_without_a_link_and_is_logged(card, as_charlie, charlie):
    page = check(as_charlie, holder_id_number=card.holder_id_number).content.decode()
    assert card.number in page and "欧**花" in page and "欧阳春花" not in page
    assert reverse("eligibility:card_detail", args=[card.pk]) not in page
    record = AccessRecord.objects.get(user=charlie, kind=AccessRecord.Kind.LOOKUP)
    assert card.holder_id_number not in record.subject and card.holder_id_number not in record.detail


def test_card_checks_are_limited_per_user(card, as_charlie, as_alice):
    for _ in range(CHECK_LIMIT[0]):
        assert check(as_charlie, holder_id_number=resident_id()).status_code == 200
    refused = check(as_charlie, holder_id_number=card.holder_id_number)
    assert refused.status_code == 429 and card.number not in refused.content.decode()
    assert card.number in check(as_alice, holder_id_number=card.holder_id_number).content.decode()


def public_application(network, id_number: str, token: str, name: str = "李四") -> dict:
    return {
        "submission_token": token,
        "centre": network.other_centre.pk,
        "name": name,
        "id_number": id_number,
        "phone": "13855556789",
        "address": "凤台县城关镇南街3号",
        "case_type": "labour_arbitration",
        "facts": "在饭店打工半年，老板不发工资。",
        "pledge": "on",
    }


def public_path(client, data) -> list[str]:
    """What an anonymous applicant is shown: the answer to the post, the receipt, the status page."""
    answer = client.post(reverse("intake:public_apply"), data)
    pages = [answer.content.decode()]
    if answer.status_code == 302:
        pages.append(client.get(answer["Location"]).content.decode())
        application = Application.objects.order_by("-pk").first()
        status = client.post(reverse("intake:public_status"), {"number": application.number, "last4": "6789"})
        pages.append(status.content.decode())
    return pages


def test_the_public_form_answers_a_registered_id_number_as_any_other(client, network, registered):
    typed_over = public_path(client, public_application(network, registered.id_number, "tok-registered"))
    fresh = public_path(client, public_application(network, resident_id(), "tok-fresh"))
    assert len(typed_over) == len(fresh) == 3  # both filed: a receipt and a status page
    for page in typed_over:
        assert "欧阳" not in page and "春花" not in page and registered.phone not in page
    # The pages differ only where the typed application's own data differs (its number), never by a hint.
    assert "已登记" not in "".join(typed_over) and "不一致" not in "".join(typed_over)
