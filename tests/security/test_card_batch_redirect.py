"""After a card print run the browser goes back to the period printed, and to nothing else of the POST:
a CSRF token copied into the URL would sit in the history, the proxy's log and any Referer."""

from urllib.parse import parse_qs, urlsplit

from django.urls import reverse


def test_the_redirect_carries_the_period_and_never_the_csrf_token(settings, tmp_path, as_alice):
    settings.MEDIA_ROOT = tmp_path
    response = as_alice.post(
        reverse("supervision:card_batch"),
        {"start": "2026-03-01", "end": "2026-03-31", "csrfmiddlewaretoken": "token-from-the-form", "extra": "x"},
    )
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("supervision:cards")
    assert parse_qs(location.query) == {"start": ["2026-03-01"], "end": ["2026-03-31"]}
