"""The one way a status changes: `transition()` saves it and writes the append-only history row.

A stateful model's history goes to its own table when one exists (a `TransitionRecord` subclass
with a foreign key to it, e.g. `CaseTransition`); one without its own table is recorded in the
shared `legalaid.StatusChange`, keyed by content type. Either way the row says who (user,
system or public), from, to, why and when.
"""

from collections.abc import Iterable
from datetime import datetime
from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError

from .actors import actor_kind, actor_user
from .guards import require_actor

# Sent after every history row is written, inside the caller's transaction, with `sender` the
# model and `instance`, `actor`, `from_status`, `to_status`, `record` (the history row). Side
# effects that follow a state (a message to the applicant) subscribe here instead of being
# written into each service, and, being in the same transaction, commit or roll back with it.
status_changed = Signal()


def status_label(model: type[models.Model], code: str, field: str = "status") -> str:
    """The words for a status code, e.g. "in_review" → "审查中"; the code itself if unknown."""
    if not code:
        return ""
    choices = dict(model._meta.get_field(field).flatchoices)
    return str(choices.get(code, code))


@cache
def _history_of(model: type[models.Model]) -> tuple[type[models.Model], str | None]:
    """(history model, its foreign key to `model`), or (StatusChange, None)."""
    from legalaid.models import TransitionRecord

    for relation in model._meta.related_objects:
        if relation.one_to_many and issubclass(relation.related_model, TransitionRecord):
            return relation.related_model, relation.field.name
    return apps.get_model("legalaid", "StatusChange"), None


def record_transition(
    obj: models.Model, *, actor, from_status: str, to_status: str, reason: str = "", at: datetime | None = None
):
    """Write the history row of a status change already saved (or of the creation, from "")."""
    require_actor(actor)
    model = type(obj)
    history, subject_field = _history_of(model)
    values = {
        "actor": actor_user(actor),
        "actor_kind": actor_kind(actor),
        "from_status": from_status or "",
        "to_status": to_status,
        "reason": str(reason or ""),
        "at": at or timezone.now(),
    }
    if subject_field is None:
        values["content_type"] = ContentType.objects.get_for_model(model)
        values["object_id"] = obj.pk
    else:
        values[subject_field] = obj
    record = history.objects.create(**values)
    status_changed.send(
        sender=model, instance=obj, actor=actor, from_status=values["from_status"], to_status=to_status, record=record
    )
    return record


def transition(
    obj: models.Model,
    *,
    to: str,
    actor,
    reason: str = "",
    allowed_from: Iterable[str] | None = None,
    action: str = "",
    fields: Iterable[str] = (),
    status_field: str = "status",
    at: datetime | None = None,
):
    """Move `obj` to status `to`, save it with `update_fields` and write its history row.

    Call inside `transaction.atomic()` on a row from `locked(obj)`. With `allowed_from`, a current
    status outside it is refused with the translated reason (naming `action`). `fields` are other
    fields the caller set on `obj` and wants saved in the same write.
    """
    require_actor(actor)
    current = getattr(obj, status_field)
    if allowed_from is not None and current not in set(allowed_from):
        raise DomainError(
            _("当前状态为“%(status)s”，不能%(action)s。")
            % {"status": status_label(type(obj), current, status_field), "action": action or _("执行此操作")}
        )
    now = at or timezone.now()
    setattr(obj, status_field, to)
    update = [status_field, *fields]
    if status_field == "status" and any(f.name == "status_changed_at" for f in obj._meta.concrete_fields):
        obj.status_changed_at = now
        update.append("status_changed_at")
    _attribute_simple_history(obj, actor)
    obj.save(update_fields=list(dict.fromkeys(update)))
    return record_transition(obj, actor=actor, from_status=current, to_status=to, reason=reason, at=now)


def _attribute_simple_history(obj: models.Model, actor) -> None:
    """Name the actor in the django-simple-history row the save writes, outside a request too."""
    obj._history_user = actor_user(actor)


def history_rows(obj: models.Model) -> models.QuerySet:
    """The history rows of one record, oldest first, with the acting user loaded."""
    history, subject_field = _history_of(type(obj))
    if subject_field is None:
        rows = history.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)
    else:
        rows = history.objects.filter(**{subject_field: obj})
    return rows.select_related("actor").order_by("at", "pk")
