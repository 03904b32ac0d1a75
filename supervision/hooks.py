"""What supervision does when the cases app reports an assignment (registered in apps.py)."""

from django.db import transaction


def case_assigned(case, assignment) -> None:
    from .tasks import case_assigned as task

    case_id = case.pk
    transaction.on_commit(lambda: task.delay(case_id))
