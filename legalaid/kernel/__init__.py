"""The service kernel every app's services use (CONVENTIONS "Writes and state").

- `actors`: who did it — a user, `SYSTEM` (scheduled and automatic work) or `PUBLIC`
  (the online applicant, a card rating); never `None`.
- `guards`: one permission check, one scope check through the app's selector, one row lock.
- `transitions`: `transition(obj, to=..., actor=..., reason=...)` saves the status with
  `update_fields` and writes the append-only history row.
- `outbox`: side effects written in the same transaction as the change that implies them.
- `leases`: claims on long work that a crashed run gives back after a timeout.
- `effective`: the base of every effective-dated rule table.

`DomainError` (in `legalaid.errors`) is the one refusal type; its message is always translated.
"""

from legalaid.errors import DomainError

from .actors import PUBLIC, SYSTEM, Actor, AutomaticActor, actor_kind, actor_user, is_automatic
from .guards import locked, require_actor, require_permission, require_scope
from .transitions import history_rows, record_transition, status_changed, status_label, transition

__all__ = [
    "PUBLIC",
    "SYSTEM",
    "Actor",
    "AutomaticActor",
    "DomainError",
    "actor_kind",
    "actor_user",
    "history_rows",
    "is_automatic",
    "locked",
    "record_transition",
    "require_actor",
    "require_permission",
    "require_scope",
    "status_changed",
    "status_label",
    "transition",
]
