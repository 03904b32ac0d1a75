"""A small fixed-window rate limit on the shared cache (Redis in production), for the public pages."""

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address; behind a trusted proxy, the address it reports."""
    if getattr(settings, "INTAKE_TRUST_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def limited(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit; True when more than `limit` hits fell in the current window."""
    cache_key = f"intake:rl:{scope}:{key}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds)
        return False
    return count > limit


def is_limited(scope: str, key: str, *, limit: int) -> bool:
    """Whether the window is already used up, without counting a hit."""
    return (cache.get(f"intake:rl:{scope}:{key}") or 0) > limit
