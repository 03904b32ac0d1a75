"""Who acts: a user, the system, or the public. Never `None`.

Automatic work (beat tasks, deemed withdrawals, reminders, repairs) acts as `SYSTEM`; the online
applicant and a card rating by the aided person act as `PUBLIC`. History rows record the kind
beside the user (empty for the two automatic actors), so every row says who it was.
"""

from dataclasses import dataclass
from typing import Union

from django.utils.translation import gettext_lazy as _


class ActorKind:
    USER = "user"
    SYSTEM = "system"
    PUBLIC = "public"

    choices = [(USER, _("用户")), (SYSTEM, _("系统")), (PUBLIC, _("公众"))]


@dataclass(frozen=True)
class AutomaticActor:
    """The system or the public: not a user account, but named in history all the same."""

    kind: str
    label: object

    pk = None
    id = None
    is_authenticated = False
    is_active = True
    is_superuser = False

    def has_perm(self, permission: str) -> bool:
        # The system does only what code asks of it; the public only what a public service allows
        # (checked by `require_permission(..., public=True)`), never a staff permission.
        return self.kind == ActorKind.SYSTEM

    def get_full_name(self) -> str:
        return str(self.label)

    def __str__(self) -> str:
        return str(self.label)


SYSTEM = AutomaticActor(ActorKind.SYSTEM, _("系统"))
PUBLIC = AutomaticActor(ActorKind.PUBLIC, _("公众"))

Actor = Union["legalaid.models.User", AutomaticActor]  # noqa: F821 - a name for type hints only


def is_automatic(actor) -> bool:
    return isinstance(actor, AutomaticActor)


def actor_kind(actor) -> str:
    return actor.kind if is_automatic(actor) else ActorKind.USER


def actor_user(actor):
    """The user to store in a foreign key: the user, or None for the system and the public."""
    return None if is_automatic(actor) else actor


def actor_label(user, kind: str) -> str:
    """How a history row names who acted."""
    if kind == ActorKind.SYSTEM:
        return str(SYSTEM)
    if kind == ActorKind.PUBLIC:
        return str(PUBLIC)
    return str(user) if user is not None else str(SYSTEM)
