"""A signal-free hook: callables run inside the transaction that assigns a handler.

Later stages register here in their AppConfig.ready() (supervision appends the function that
issues the quality supervision card):

    from cases import hooks
    hooks.on_case_assigned.append(issue_supervision_card)

`cases.services.case_assign` calls `run_case_assigned(case, assignment)` after the Assignment row
is saved and the case has moved to "assigned", before the transaction commits. Each callable
receives that `Case` and `Assignment` and may only write rows: its own records, or a side effect
through `legalaid.kernel.outbox.enqueue(...)`, which then commits with the assignment. It must not
publish to the broker or do slow work itself. A callable that raises aborts the assignment: the
case stays unassigned rather than assigned without what the later stage owes it.
"""

from collections.abc import Callable

on_case_assigned: list[Callable] = []


def run_case_assigned(case, assignment) -> None:
    for callback in list(on_case_assigned):
        callback(case, assignment)
