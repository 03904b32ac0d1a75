"""The client's address, as every rate limit and the login lockout must see it.

Behind the documented reverse proxy every request arrives from the proxy's address; counting each
citizen as that one address would let one person use up a county's allowance and let anyone lock a
staff account for everyone. With `TRUSTED_PROXY_COUNT` = n (default 0: no proxy), the client is the
n-th address from the right of `X-Forwarded-For` — the one our own outermost proxy saw; addresses
further left are the client's to invent and are never trusted.
"""

from datetime import timedelta

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if not trusted or request is None:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < trusted:
        return remote
    return forwarded[-trusted]


def login_cool_off(request) -> timedelta:
    """Back-off for one account from one address: 1 minute at the limit, doubling per further failure, 30 at most.

    The lockout is per (username, address), so a burst of bad passwords from one address slows that address
    and never locks the account for its owner elsewhere.
    """
    from axes.models import AccessAttempt

    limit = settings.AXES_FAILURE_LIMIT
    username = request.POST.get("username", "") if request is not None and hasattr(request, "POST") else ""
    attempt = AccessAttempt.objects.filter(username=username, ip_address=client_ip(request)).first()
    failures = attempt.failures_since_start if attempt else limit
    rounds = max(0, failures - limit)
    return timedelta(minutes=min(30, 2**rounds))
