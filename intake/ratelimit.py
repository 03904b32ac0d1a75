"""A small fixed-window rate limit on the shared cache (Redis in production).

When the cache cannot be reached, each limit says which way it fails, and never with a 500:

- fail open (count nothing, let the request through) where refusing would deny a citizen a
  right for our outage: filing an online application. The limit there is only a brake on
  floods; the honeypot, the one-time submission token and the upload caps still hold.
- fail closed (treat as limited: the page answers "try again later") where the limit is what
  stands between a guesser and personal data: the public status look-up by receipt number and
  the last four digits, and the staff ID-number look-up. A short outage then costs a retry, not a
  window for unlimited guessing.

Callers key public limits by `legalaid.net.client_ip` (the one trusted-proxy setting).
"""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def _key(scope: str, key: str) -> str:
    return f"intake:rl:{scope}:{key}"


def limited(scope: str, key: str, *, limit: int, window_seconds: int, fail_closed: bool) -> bool:
    """Count one hit; True when more than `limit` hits fell in the current window."""
    cache_key = _key(scope, key)
    try:
        if cache.add(cache_key, 1, timeout=window_seconds):
            return False
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=window_seconds)
            return False
    except Exception as exc:  # the cache is down or hung (bounded by its socket timeout)
        logger.warning(
            "rate limit %s: cache unavailable (%s); failing %s", scope, exc, "closed" if fail_closed else "open"
        )
        return fail_closed
    return count > limit


def is_limited(scope: str, key: str, *, limit: int, fail_closed: bool) -> bool:
    """Whether the window is already used up, without counting a hit."""
    try:
        return (cache.get(_key(scope, key)) or 0) > limit
    except Exception as exc:
        logger.warning(
            "rate limit %s: cache unavailable (%s); failing %s", scope, exc, "closed" if fail_closed else "open"
        )
        return fail_closed
