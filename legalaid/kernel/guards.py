"""The one permission check, the one scope check and the one row lock of every service."""

from collections.abc import Callable
from typing import TypeVar

from django.db import models
from django.utils.translation import gettext as _

from legalaid.errors import DomainError

from .actors import ActorKind, is_automatic

M = TypeVar("M", bound=models.Model)


def require_actor(actor) -> None:
    """Every change names who made it; `None` is a programming error, not a refusal."""
    if actor is None:
        raise TypeError("actor= is required: pass a user, SYSTEM or PUBLIC")


def require_permission(actor, permission: str, *, public: bool = False) -> None:
    """Refuse unless the actor holds `permission`. The public passes only where the service says so."""
    require_actor(actor)
    if is_automatic(actor):
        if actor.kind == ActorKind.SYSTEM or (public and actor.kind == ActorKind.PUBLIC):
            return
        raise DomainError(_("您没有执行此操作的权限。"))
    if not actor.has_perm(permission):
        raise DomainError(_("您没有执行此操作的权限。"))


def require_scope(actor, obj: models.Model, scoped: Callable[[object], models.QuerySet], message=None) -> None:
    """Refuse unless `obj` is among the records the app's selector `scoped(actor)` lets the actor see.

    The system and the public are not scoped by organisation: the services that accept them decide
    which record they act on (a beat job's query, the receipt number the applicant holds).
    """
    require_actor(actor)
    if is_automatic(actor):
        return
    if not scoped(actor).filter(pk=obj.pk).exists():
        raise DomainError(message or _("该记录不在您的工作范围内。"))


def locked(obj: M) -> M:
    """The row again, locked until the surrounding transaction ends (call inside `atomic`)."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)
