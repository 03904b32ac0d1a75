"""What supervision does when the cases app reports an assignment (registered in apps.py).

The cases app calls this inside the assignment's transaction, so the task intent is written
with the assignment: committed together, or not at all, and published by the outbox even if
the broker is down at that moment. The key makes one intent per assignment.
"""

from legalaid.kernel import outbox


def case_assigned(case, assignment) -> None:
    outbox.enqueue("supervision.tasks.case_assigned", case.pk, key=f"supervision-card:assignment:{assignment.pk}")
