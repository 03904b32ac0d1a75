"""The public card pages with the cache down: the rate limit fails open, never a 500.

Why open: a return code is one of 31^8, so guessing during an outage finds nothing, and a card
takes one answer whatever the rate; failing closed would turn every aided person away instead.
"""

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from django.urls import reverse

from supervision import cards, services
from supervision.models import CardResponse

pytestmark = pytest.mark.django_db


class DownCache(LocMemCache):
    """A cache whose every call fails, as Redis refusing connections does."""

    def _down(self, *args, **kwargs):
        raise ConnectionError("cache down")

    add = get = set = incr = delete = get_many = set_many = touch = has_key = _down


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {"default": {"BACKEND": "tests.supervision.test_public_cache_down.DownCache"}}


def test_rating_works_with_the_cache_down(case, cache_down):
    card = services.card_issue(case.pk)
    client = Client()
    lookup = client.get(reverse("supervision:card_lookup"), {"code": cards.format_code(card.return_code)})
    assert lookup.status_code == 302
    url = reverse("supervision:card_rate", args=[card.return_code])
    assert client.get(url).status_code == 200
    answer = {"satisfaction": "5", "handler_contacted": "yes", "attended_hearing": "yes", "money": "no"}
    assert client.post(url, answer).status_code == 200
    assert CardResponse.objects.get(card=card).channel == "online"
