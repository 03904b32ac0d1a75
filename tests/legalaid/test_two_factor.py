"""Directors and administrators confirm a TOTP code after their password; other roles do not."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from legalaid.roles import Role
from tests.conftest import login
from tests.factories import make_member


@pytest.fixture
def second_factor(settings):
    settings.SECOND_FACTOR_REQUIRED = True


@pytest.fixture
def director(network):
    return make_member(network.centre, Role.CENTRE_DIRECTOR, username="director_t", last_name="周", first_name="主任")


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):06d}"


def test_a_director_sets_up_and_confirms_the_second_factor(second_factor, director):
    client = login(director)
    page = client.get("/intake/")
    assert page.status_code == 302 and page.url.startswith(reverse("two_factor"))
    setup = client.get(page.url)
    assert setup.status_code == 200 and "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=director)
    assert not device.confirmed
    wrong = client.post(reverse("two_factor"), {"token": "000000", "next": "/intake/"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    time.sleep(1.1)  # a wrong code throttles the device for a second (django-otp), as against guessing
    # A code typed with full-width digits from a Chinese keyboard counts the same.
    full_width = code_for(device).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    done = client.post(reverse("two_factor"), {"token": full_width, "next": "/intake/"})
    assert done.status_code == 302 and done.url == "/intake/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_an_offsite_next_is_not_followed(second_factor, director):
    client = login(director)
    client.get(reverse("two_factor"))
    device = TOTPDevice.objects.get(user=director)
    done = client.post(reverse("two_factor"), {"token": code_for(device), "next": "https://evil.example/"})
    assert done.url == "/"


def test_staff_need_no_second_factor(second_factor, alice):
    assert login(alice).get("/").status_code == 200


def test_off_when_not_required(director, settings):
    settings.SECOND_FACTOR_REQUIRED = False
    assert login(director).get("/").status_code == 200
