"""The in-app inbox: each user sees only their own messages and marks them read."""

from django.urls import reverse

from legalaid.kernel import SYSTEM
from legalaid.messaging import services
from legalaid.models import Message, MessageEvent


def test_inbox_shows_only_ones_own_messages(as_alice, alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            MessageEvent.ASSIGNED, key="a:1", context={"number": "皖0422法援民字第0001号", "name": "龑"}, user=alice
        )
        services.notify(
            MessageEvent.ASSIGNED, key="a:2", context={"number": "皖0422法援民字第0002号", "name": "㛃"}, user=bob
        )
    page = as_alice.get(reverse("messaging:inbox"))
    assert page.status_code == 200
    assert "皖0422法援民字第0001号" in page.content.decode() and "0002号" not in page.content.decode()
    bobs = Message.objects.get(user=bob)
    assert as_alice.post(reverse("messaging:mark_read", args=[bobs.pk])).status_code == 404
    mine = Message.objects.get(user=alice)
    assert as_alice.post(reverse("messaging:mark_read", args=[mine.pk])).status_code == 302
    assert services.unread_count(alice) == 0


def test_inbox_needs_a_login(client):
    assert client.get(reverse("messaging:inbox")).status_code == 302


def test_opt_out_is_attributed(db):
    preference = services.contact_opt_out("13600136000", actor=SYSTEM, note="来电要求退订")
    assert preference.history.first().history_user is None and preference.opted_out_at
