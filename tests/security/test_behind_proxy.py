"""Behind the documented reverse proxy (TRUSTED_PROXY_COUNT = 1) every request comes from the proxy's
address: each public rate limit and the login lockout must still count citizen by citizen, by the address
the proxy saw, and what a client writes into X-Forwarded-For itself must buy no fresh allowance."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from intake.views.public import APPLY_LIMIT, STATUS_LIMIT
from supervision.views.public import RATE_LIMIT_COMPLAINTS

PROXY = "10.0.0.1"
CITIZEN_A, CITIZEN_B = "36.1.2.3", "58.9.8.7"
# (page, how many posts an address has) for each public form; an empty post counts as much as a full one.
PUBLIC_FORMS = [
    ("intake:public_apply", APPLY_LIMIT[0]),
    ("intake:public_status", STATUS_LIMIT[0]),
    ("supervision:complaint_public", RATE_LIMIT_COMPLAINTS),
]


@pytest.fixture(autouse=True)
def behind_one_proxy(settings, tmp_path):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


def post_from(client: Client, url: str, forwarded_for: str):
    return client.post(url, {}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


@pytest.mark.parametrize(("page", "allowance"), PUBLIC_FORMS)
def test_two_citizens_behind_the_proxy_have_separate_allowances(db, page, allowance):
    url = reverse(page)
    first = Client()
    for _ in range(allowance):
        assert post_from(first, url, CITIZEN_A).status_code != 429
    assert post_from(first, url, CITIZEN_A).status_code == 429
    assert post_from(Client(), url, CITIZEN_B).status_code != 429


@pytest.mark.parametrize(("page", "allowance"), PUBLIC_FORMS)
def test_a_forged_forwarded_entry_buys_no_fresh_allowance(db, page, allowance):
    """The client may prepend anything; the proxy appends the address it saw, and only that counts."""
    url = reverse(page)
    client = Client()
    for number in range(allowance):
        post_from(client, url, f"203.0.113.{number}, {CITIZEN_A}")
    assert post_from(client, url, f"198.51.100.77, {CITIZEN_A}").status_code == 429


def log_in(client: Client, password: str, forwarded_for: str):
    return client.post(
        reverse("login"),
        {"username": "alice", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_a_burst_of_bad_passwords_locks_only_the_guessers_address(alice):
    alice.set_password("Correct-Horse-42")
    alice.save()
    guesser = Client()
    for number in range(10):
        log_in(guesser, f"wrong-{number}", f"203.0.113.{number}, {CITIZEN_A}")
    assert log_in(guesser, "Correct-Horse-42", CITIZEN_A).status_code == 429  # the guesser is slowed down
    owner = log_in(Client(), "Correct-Horse-42", CITIZEN_B)
    assert owner.status_code == 302 and owner.url == "/"
