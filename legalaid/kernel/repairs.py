"""The periodic repair sweep: each app registers a function that makes what should exist and does not.

Examples: a quality supervision card for every assigned case, a PDF for every issued notice, a
batch whose run died. Every repairer is idempotent and returns how many things it put right; the
beat task `legalaid.tasks.repair_missing_work` runs them all and logs the counts.
"""

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

_repairers: dict[str, Callable[[], int]] = {}


def register(name: str, repairer: Callable[[], int]) -> None:
    _repairers[name] = repairer


def run_all() -> dict[str, int]:
    results = {}
    for name, repairer in list(_repairers.items()):
        try:
            results[name] = repairer()
        except Exception:  # one broken repairer must not stop the others
            logger.exception("repairer %s failed", name)
            results[name] = -1
    if any(results.values()):
        logger.warning("repairs made: %s", results)
    return results
