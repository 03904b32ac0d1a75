"""Rows for every list page, made without knowing each page: every record model of the four apps is filled in
field by field (required fields, the people and organisations it names, its deadlines), one row per value of
its status, so that each queue filtered by a status has rows to show.

The query-count test adds the same rounds again and checks no page runs more queries for more rows. A row the
database refuses (a check constraint tying a status to a date, say) is skipped: the other statuses still fill
the lists, and the test reports which pages grew.
"""

import itertools
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from legalaid.models import Organisation, User

RECORD_APPS = ("intake", "eligibility", "cases", "supervision")
# Rule tables, vocabularies and the history or audit rows that services write themselves.
SKIPPED = ("Historical", "Transition", "Rule", "Standard", "Scope", "Category", "Requirement", "Text", "Policy")
# Vocabularies and settings a record names: the existing row is used (made once if there is none).
SHARED = ("Channel", "Rubric", "Holiday", "Setting", "Counter", "Sequence", "PriorityGroup", "Retention", "Target")
_serial = itertools.count(1000)


@dataclass
class World:
    centre: Organisation
    workstation: Organisation
    law_firm: Organisation
    staff: User
    handler: User
    made: dict = field(default_factory=dict)  # model label → rows made
    refused: dict = field(default_factory=dict)  # model label → rows the database refused


def record_models() -> list[type[models.Model]]:
    """The models whose rows the apps' lists show: concrete, of the four apps, not rule or history tables."""
    chosen = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in RECORD_APPS or meta.proxy or meta.auto_created:
            continue
        if any(part in model.__name__ for part in (*SKIPPED, *SHARED)):
            continue
        chosen.append(model)
    return chosen


def _is_record(model) -> bool:
    return model in record_models()


def _reference(world: World, field_: models.ForeignKey):
    """The existing row a reference names: the bench centre's people and organisations, or the first row."""
    target = field_.related_model
    name = field_.name
    if target is Organisation:
        if "handler" in name or "provider" in name or "firm" in name:
            return world.law_firm
        if "workstation" in name or "receiving" in name:
            return world.workstation
        return world.centre
    if issubclass(target, User):
        return world.handler if ("handler" in name or "lawyer" in name) else world.staff
    return target._default_manager.order_by("pk").first() or make(world, target)


def _value(world: World, field_: models.Field, n: int):
    if field_.choices:
        return field_.choices[0][0]
    today = timezone.localdate()
    if isinstance(field_, models.DateTimeField):
        return timezone.now()
    if isinstance(field_, models.DateField):
        return today + timedelta(days=3) if field_.name.endswith("due") else today
    if isinstance(field_, models.DecimalField):
        return Decimal("100.00")
    if isinstance(field_, models.BooleanField):
        return False
    if isinstance(field_, models.IntegerField):
        return today.year if "year" in field_.name else n
    if isinstance(field_, models.FileField):
        return f"perf/{field_.name}-{n}.pdf"
    if isinstance(field_, models.JSONField):
        return {}
    if isinstance(field_, models.CharField | models.TextField):
        return f"测{n}"[-(field_.max_length or 40) :]
    return None


def _wanted(field_: models.Field) -> bool:
    """Fields filled in: the required ones, the people and organisations named, and the deadlines."""
    if field_.primary_key or getattr(field_, "auto_now", False) or getattr(field_, "auto_now_add", False):
        return False
    if field_.is_relation:
        return not field_.null or not _is_record(field_.related_model)
    if field_.has_default():
        return False
    if field_.null:
        return isinstance(field_, models.DateField) and field_.name.endswith("due")
    return not (field_.blank and isinstance(field_, models.CharField | models.TextField) and not field_.choices)


def make(world: World, model, **given):
    """One row of `model`, its required records made alongside (a case for a subsidy, say); None if refused."""
    n = next(_serial)
    values = {}
    for field_ in model._meta.concrete_fields:
        if field_.name in given or not _wanted(field_):
            continue
        if field_.is_relation:
            related = (
                make(world, field_.related_model)
                if _is_record(field_.related_model) and (field_.one_to_one or not field_.null)
                else _reference(world, field_)
            )
            if related is None and not field_.null:
                return None
            values[field_.name] = related
        else:
            values[field_.name] = _value(world, field_, n)
    values.update(given)
    label = model._meta.label
    try:
        with transaction.atomic():
            row = model._default_manager.create(**values)
    except (IntegrityError, ValueError, TypeError):
        world.refused[label] = world.refused.get(label, 0) + 1
        return None
    world.made[label] = world.made.get(label, 0) + 1
    _after(world, row)
    return row


def _after(world: World, row) -> None:
    """What a list shows beside the row: a case's aided person."""
    from cases.models import Case, CaseParty

    if isinstance(row, Case):
        person = make(world, apps.get_model("intake", "Person"))
        if person is not None:
            CaseParty.objects.create(case=row, person=person, name=person.name, added_by=world.staff)


def add_round(world: World) -> None:
    """One row of every record model per value of its status (one row when it has none)."""
    for model in record_models():
        status = next((f for f in model._meta.concrete_fields if f.name == "status" and f.choices), None)
        for value in [choice for choice, _label in status.choices] if status else [None]:
            make(world, model, **({"status": value} if status else {}))
