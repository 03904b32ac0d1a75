"""A signal-free hook: callables run after an assignment has been committed.

Later stages register here in their AppConfig.ready() (supervision appends the function that
issues the quality supervision card):

    from cases import hooks
    hooks.on_case_assigned.append(issue_supervision_card)

Each callable receives the `Case` (freshly loaded) and the `Assignment`. A failing callable is
logged and does not stop the others: the assignment itself is already committed.
"""

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

on_case_assigned: list[Callable] = []


def run_case_assigned(case_id: int, assignment_id: int) -> None:
    from .models import Assignment, Case

    case = Case.objects.select_related("centre", "handler", "matter").get(pk=case_id)
    assignment = Assignment.objects.select_related("handler", "handler_organisation").get(pk=assignment_id)
    for callback in list(on_case_assigned):
        try:
            callback(case, assignment)
        except Exception:
            logger.exception("on_case_assigned callback %r failed for case %s", callback, case.number)
