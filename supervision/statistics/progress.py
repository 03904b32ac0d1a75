"""Annual targets and their breakdown, and who is behind on their yearly obligation.

Progress is a share of the target set against the share of the year that has passed.
Counts are grouped aggregates per organisation, added up each organisation's subtree.
"""

import math
from collections import defaultdict
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from cases.models import AnnualObligation, Case, DutyHelp
from intake.models import Consultation
from legalaid.models import HandlerProfile, Organisation
from legalaid.selectors import handlers_for_centre

from ..models.statistics import AnnualTarget, OrganisationObligation
from . import periods
from .figures import Node, load_tree


def _grouped(queryset, field: str) -> dict[int, int]:
    return dict(queryset.values_list(field).annotate(n=Count("pk")).order_by().values_list(field, "n"))


def _subtree_sums(tree: Node, own: dict[int, int]) -> dict[int, int]:
    sums: dict[int, int] = {}

    def add(node: Node) -> int:
        sums[node.id] = own.get(node.id, 0) + sum(add(child) for child in node.children)
        return sums[node.id]

    add(tree)
    return sums


def _status(done: int, target: int, elapsed: float) -> tuple[str, str]:
    if target and done >= target:
        return "done", _("已完成")
    if elapsed >= 1:
        return "missed", _("未完成")
    if done < target * elapsed:
        return "behind", _("落后于进度")
    return "on_track", _("进度正常")


def target_progress(organisation: Organisation, year: int, today: date) -> dict:
    """The targets of the organisation and of every unit under it, with what was done so far."""
    period = periods.year(year)
    elapsed = periods.share_of_year_elapsed(year, today)
    tree = load_tree(organisation)
    ids = tree.subtree_ids()
    window = Q(accepted_at__gte=period.start, accepted_at__lt=period.end)
    received = _subtree_sums(tree, _grouped(Case.objects.filter(window, received_by_id__in=ids), "received_by_id"))
    handled = _subtree_sums(
        tree, _grouped(Case.objects.filter(window, handler_organisation_id__in=ids), "handler_organisation_id")
    )
    consultations = _grouped(
        Consultation.objects.filter(
            consulted_at__gte=period.start, consulted_at__lt=period.end, organisation_id__in=ids
        ),
        "organisation_id",
    )
    duty_window = Q(helped_on__gte=period.first, helped_on__lt=period.after)
    duty_at = _grouped(DutyHelp.objects.filter(duty_window, workstation_id__in=ids), "workstation_id")
    by_lawyer = "lawyer__profile__organisation_id"
    duty_by = _grouped(DutyHelp.objects.filter(duty_window, **{f"{by_lawyer}__in": ids}), by_lawyer)
    other_network = defaultdict(int, consultations)
    for org_id, n in duty_at.items():
        other_network[org_id] += n
    other_network = _subtree_sums(tree, other_network)
    other_provider = _subtree_sums(tree, duty_by)

    targets = {t.organisation_id: t for t in AnnualTarget.objects.filter(organisation_id__in=ids, year=year)}
    rows = []

    def visit(node: Node, depth: int) -> None:
        target = targets.get(node.id)
        is_provider = node.kind in Organisation.PROVIDER_KINDS
        if target is not None:
            cases_done = handled[node.id] if is_provider else received[node.id]
            other_done = other_provider[node.id] if is_provider else other_network[node.id]
            breakdown = [targets[c.id] for c in node.children if c.id in targets]
            status, status_label = _status(cases_done, target.cases, elapsed)
            rows.append(
                {
                    "organisation": node,
                    "depth": depth,
                    "target": target,
                    "cases_done": cases_done,
                    "cases_share": _share(cases_done, target.cases),
                    "other_done": other_done,
                    "other_share": _share(other_done, target.other_matters),
                    "broken_down_cases": sum(t.cases for t in breakdown) if breakdown else None,
                    "broken_down_other": sum(t.other_matters for t in breakdown) if breakdown else None,
                    "counted_as": _("承办案件") if is_provider else _("受理案件"),
                    "status": status,
                    "status_label": status_label,
                }
            )
        for child in node.children:
            visit(child, depth + 1)

    visit(tree, 0)
    return {"year": year, "elapsed": round(elapsed * 100, 1), "rows": rows}


def _share(done: int, target: int) -> float | None:
    return round(done * 100 / target, 1) if target else None


def _year_day(year: int, today: date) -> date:
    return min(today, periods.year(year).last)


def handler_obligations(organisation: Organisation, year: int, today: date, *, behind_only: bool = False) -> dict:
    """Every handler under the organisation with their minimum for the year and the cases assigned so far."""
    period = periods.year(year)
    on = _year_day(year, today)
    elapsed = periods.share_of_year_elapsed(year, today)
    minimums: dict[str, int] = {}
    for rule in AnnualObligation.objects.in_force(on).order_by("handler_type", "-effective_from"):
        minimums.setdefault(rule.handler_type, rule.minimum_cases)
    in_year = Q(user__assignments__assigned_at__gte=period.start, user__assignments__assigned_at__lt=period.end)
    handlers = (
        handlers_for_centre(organisation)
        .exclude(status=HandlerProfile.Status.INACTIVE)
        .annotate(cases_done=Count("user__assignments__case", filter=in_year, distinct=True))
        .order_by("user__profile__organisation__path", "user__last_name", "user__first_name")
    )
    rows = []
    for handler in handlers:
        minimum = minimums.get(handler.handler_type)
        if minimum is None:
            continue
        status, label = _status(handler.cases_done, minimum, elapsed)
        if behind_only and status not in ("behind", "missed"):
            continue
        rows.append(
            {
                "handler": handler,
                "organisation": handler.user.profile.organisation,
                "minimum": minimum,
                "expected": math.ceil(minimum * elapsed),
                "done": handler.cases_done,
                "status": status,
                "status_label": label,
            }
        )
    return {"year": year, "elapsed": round(elapsed * 100, 1), "rows": rows, "minimums": minimums}


def organisation_obligations(organisation: Organisation, year: int, today: date) -> list[dict]:
    """Organisations with a yearly minimum of their own (forensic institutes) and the cases their people took."""
    period = periods.year(year)
    on = _year_day(year, today)
    elapsed = periods.share_of_year_elapsed(year, today)
    minimums: dict[str, int] = {}
    for rule in OrganisationObligation.objects.in_force(on).order_by("kind", "-effective_from"):
        minimums.setdefault(rule.kind, rule.minimum_cases)
    units = list(organisation.subtree().filter(kind__in=list(minimums), is_active=True).order_by("path"))
    done = _grouped(
        Case.objects.filter(assigned_at__gte=period.start, assigned_at__lt=period.end, handler_organisation__in=units),
        "handler_organisation_id",
    )
    rows = []
    for unit in units:
        minimum, count = minimums[unit.kind], done.get(unit.pk, 0)
        status, label = _status(count, minimum, elapsed)
        rows.append({"organisation": unit, "minimum": minimum, "done": count, "status": status, "status_label": label})
    return rows
