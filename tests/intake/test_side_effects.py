"""Side effects through the outbox, the PDF repairer, the seeded defaults, and the cache being down."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache.backends.base import BaseCache
from django.urls import reverse

from intake import services
from intake.models import ApplicantLetter, Application, Channel, MaterialRequirement, MaterialsNotice, NoticeText
from legalaid.kernel import SYSTEM, repairs
from legalaid.models import OutboxMessage
from tests.intake.factories import file_application, resident_id

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def frozen(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        yield


def test_issuing_a_notice_writes_its_pdf_intent_in_the_same_transaction(alice, network):
    application = file_application(alice, network.centre, channel_code="centre_window")
    notice = services.notice_issue(application, actor=alice, items=["欠薪证明"], due_date=date(2026, 3, 10))
    message = OutboxMessage.objects.get(task="intake.tasks.render_materials_notice_pdf")
    assert message.args == [notice.pk]


def test_deemed_withdrawal_is_the_systems_and_enqueues_the_letter(alice, network):
    application = file_application(alice, network.centre, channel_code="centre_window")
    services.notice_issue(application, actor=alice, items=["欠薪证明"], due_date=date(2026, 3, 10))
    with time_machine.travel(NOW + timedelta(days=9), tick=False):
        assert services.deem_overdue_applications_withdrawn() == 1
    row = Application.objects.get(pk=application.pk).transitions.last()
    assert row.actor is None and row.actor_kind == "system" and row.to_status == "deemed_withdrawn"
    letter = ApplicantLetter.objects.get(application=application)
    assert OutboxMessage.objects.filter(task="intake.tasks.render_applicant_letter_pdf", args=[letter.pk]).exists()


def test_repairer_enqueues_the_pdf_of_every_notice_and_letter_without_one(alice, network):
    assert "intake.notice_and_letter_pdfs" in repairs._repairers
    application = file_application(alice, network.centre, channel_code="centre_window")
    notice = services.notice_issue(application, actor=alice, items=["欠薪证明"], due_date=date(2026, 3, 10))
    MaterialsNotice.objects.filter(pk=notice.pk).update(pdf="")  # its render was lost
    with time_machine.travel(NOW + timedelta(days=9), tick=False):
        services.application_deem_withdrawn(Application.objects.get(pk=application.pk), actor=SYSTEM)
        ApplicantLetter.objects.update(pdf="")
        OutboxMessage.objects.all().delete()
        assert services.repair_missing_pdfs() == 1  # the notice; the letter is a moment old, still on its way
        OutboxMessage.objects.all().delete()
    with time_machine.travel(NOW + timedelta(days=9, minutes=10), tick=False):
        assert services.repair_missing_pdfs() == 2
    assert sorted(OutboxMessage.objects.values_list("task", flat=True)) == [
        "intake.tasks.render_applicant_letter_pdf",
        "intake.tasks.render_materials_notice_pdf",
    ]
    # With the PDFs stored, there is nothing left to repair.
    MaterialsNotice.objects.update(pdf="intake/notices/x.pdf")
    ApplicantLetter.objects.update(pdf="intake/letters/x.pdf")
    with time_machine.travel(NOW + timedelta(days=10), tick=False):
        assert services.repair_missing_pdfs() == 0


def test_store_pdf_is_idempotent(alice, network):
    application = file_application(alice, network.centre, channel_code="centre_window")
    notice = services.notice_issue(application, actor=alice, items=["欠薪证明"], due_date=date(2026, 3, 10))
    notice.refresh_from_db()
    if not notice.pdf:
        assert services.notice_store_pdf(notice) is True
    notice.refresh_from_db()
    name = notice.pdf.name
    assert services.notice_store_pdf(notice) is False
    notice.refresh_from_db()
    assert notice.pdf.name == name


def test_national_defaults_are_seeded_once_by_migration(db):
    assert Channel.objects.filter(code="online").exists()
    assert NoticeText.objects.filter(kind=NoticeText.Kind.MATERIALS_NOTICE).exists()
    assert MaterialRequirement.objects.filter(matter__code="labour").exists()
    from django.apps import apps

    from intake.seed_data import seed_defaults

    # An administrator removes a notice wording: nothing brings it back by itself (no post_migrate signal).
    NoticeText.objects.filter(kind=NoticeText.Kind.ONLINE_RECEIPT).delete()
    from django.db.models.signals import post_migrate

    assert not [r for r in post_migrate.receivers if "intake" in str(r[0])]
    seed_defaults(apps)  # the seeding function itself only fills what is missing
    assert NoticeText.objects.filter(kind=NoticeText.Kind.ONLINE_RECEIPT).count() == 1


class BrokenCache(BaseCache):
    """A cache whose every call fails, as Redis does when it is stopped."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("cache down")

    add = get = set = incr = delete = touch = has_key = clear = _fail


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {"default": {"BACKEND": "tests.intake.test_side_effects.BrokenCache"}}


def test_public_application_fails_open_when_the_cache_is_down(client, network, cache_down):
    data = {
        "submission_token": "pub-down",
        "centre": network.centre.pk,
        "name": "周小红",
        "id_number": resident_id(date(1992, 8, 8), female=True),
        "phone": "13855556789",
        "address": "寿县寿春镇北街12号",
        "case_type": "labour_arbitration",
        "facts": "在饭店打工半年，老板不发工资。",
        "pledge": "on",
    }
    response = client.post(reverse("intake:public_apply"), data)
    assert response.status_code == 302
    assert Application.objects.filter(submission_token="pub-down").exists()


def test_status_lookup_fails_closed_but_never_500_when_the_cache_is_down(client, network, alice, cache_down):
    application = file_application(alice, network.centre, channel_code="centre_window")
    response = client.post(
        reverse("intake:public_status"), {"number": application.number, "last4": application.applicant.id_number[-4:]}
    )
    assert response.status_code == 429
    assert application.number not in response.content.decode()


def test_staff_lookup_fails_closed_when_the_cache_is_down(as_bob, cache_down):
    response = as_bob.get(reverse("intake:person_lookup"), {"id_number": resident_id()})
    assert response.status_code == 429
