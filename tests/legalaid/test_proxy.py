"""Behind a trusted proxy: the client address comes from X-Forwarded-For, and a burst of bad passwords
from one citizen's address slows that address without locking the account for its owner elsewhere."""

import pytest
from django.test import Client, RequestFactory

from legalaid.net import client_ip


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_the_address_is_remote_addr_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "10.0.0.1"


def test_only_the_proxys_own_entry_is_trusted(behind_one_proxy):
    # The client put 6.6.6.6 in the header itself; our proxy appended the address it saw.
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 36.1.2.3")
    assert client_ip(request) == "36.1.2.3"


def log_in(client: Client, password: str, address: str):
    return client.post(
        "/accounts/login/",
        {"username": "alice", "password": password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=address,
    )


def test_bad_passwords_from_one_address_do_not_lock_the_owner_out(behind_one_proxy, alice):
    alice.set_password("Correct-Horse-42")
    alice.save()
    attacker = Client()
    for _ in range(8):
        log_in(attacker, "wrong-password", "36.1.2.3")
    assert log_in(attacker, "Correct-Horse-42", "36.1.2.3").status_code == 429
    owner = log_in(Client(), "Correct-Horse-42", "58.9.8.7")
    assert owner.status_code == 302 and owner.url == "/"
