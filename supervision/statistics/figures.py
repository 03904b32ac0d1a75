"""Figures of an organisation tree for one period, rolled up township → county → city.

`compute(root, period)` runs the grouped aggregates once for the whole subtree of `root`
and adds the organisations' own figures up the tree; `report_data(...)` cuts out one
organisation's report (its total, its own figures and each child unit) as plain JSON,
which is what a stored report keeps and what screen, XLSX and PDF render.

A stored report is written in Chinese (`STORED_LANGUAGE`), whoever asks for it: it is the record
as filed; pages in another language translate its words when they show it.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from legalaid.models import MatterCategory, Organisation

from . import aggregates, indicators
from .indicators import MEAN, MEDIAN, MONEY, RATIO, SUM, Indicator
from .periods import Period

FORMAT_VERSION = 1
# Organisations that file a monthly report of their own.
FILING_KINDS = (*Organisation.CENTRE_KINDS, *Organisation.WORKSTATION_KINDS)
CENT = Decimal("0.01")
STORED_LANGUAGE = "zh-hans"


@dataclass
class Node:
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    children: list["Node"] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def walk(self) -> Iterator["Node"]:
        yield self
        for child in self.children:
            yield from child.walk()

    def subtree_ids(self) -> list[int]:
        return [node.id for node in self.walk()]

    def find(self, org_id: int) -> "Node | None":
        return next((node for node in self.walk() if node.id == org_id), None)


def load_tree(root: Organisation) -> Node:
    rows = root.subtree().order_by("path").values("id", "name", "short_name", "kind", "parent_id")
    nodes = {row["id"]: Node(**row) for row in rows}
    for node in nodes.values():
        if node.id != root.pk and node.parent_id in nodes:
            nodes[node.parent_id].children.append(node)
    return nodes[root.pk]


@dataclass
class TreeFigures:
    tree: Node
    period: Period
    catalogue: list[Indicator]
    own: dict[int, dict]
    totals: dict[int, dict]


def matter_list() -> list[tuple[int, str, str]]:
    return list(MatterCategory.objects.order_by("sort_order", "code").values_list("pk", "code", "name"))


def _shown(tree: Node, reports_for: set[int] | None) -> list[Node]:
    """The nodes whose figures some report shows: the reporting ones and their child units."""
    if reports_for is None:
        return list(tree.walk())
    shown = [node for node in tree.walk() if node.id in reports_for]
    return shown + [child for node in shown for child in node.children]


def compute(root: Organisation, period: Period, *, reports_for: set[int] | None = None) -> TreeFigures:
    """The figures of `root`'s whole tree. Sums are exact everywhere; medians, which cost a filtered
    aggregate each, are computed for the organisations in `reports_for` and their child units
    (every organisation when None)."""
    tree = load_tree(root)
    matters = matter_list()
    with translation.override(STORED_LANGUAGE):
        catalogue = indicators.catalogue([(code, name) for _pk, code, name in matters])
    own = aggregates.own_figures(tree.subtree_ids(), period, [(pk, code) for pk, code, _name in matters])
    shown = _shown(tree, reports_for)
    groups = {("own", node.id): [node.id] for node in shown}
    groups |= {("subtree", node.id): node.subtree_ids() for node in shown if node.children}
    medians = aggregates.medians(groups, period)
    for node in shown:
        own.setdefault(node.id, {}).update(medians[("own", node.id)])
    summed = [ind.key for ind in catalogue if ind.combine == SUM]
    median_keys = [ind.key for ind in catalogue if ind.combine == MEDIAN]
    totals: dict[int, dict] = {}

    def add_up(node: Node) -> dict:
        mine = own.get(node.id, {})
        total = {key: mine.get(key) or 0 for key in summed}
        for child in node.children:
            child_total = add_up(child)
            for key in summed:
                total[key] += child_total[key]
        source = medians.get(("subtree", node.id), {}) if node.children else mine
        total |= {key: source.get(key) for key in median_keys}
        totals[node.id] = total
        return total

    add_up(tree)
    own_complete = {
        node.id: {key: own.get(node.id, {}).get(key) or 0 for key in summed}
        | {key: own.get(node.id, {}).get(key) for key in median_keys}
        for node in tree.walk()
    }
    return TreeFigures(tree, period, catalogue, own_complete, totals)


def finalise(figures: dict, catalogue: list[Indicator]) -> dict:
    """JSON-ready values: money as a string of yuan, ratios and means from their parts."""
    values = {}
    for ind in catalogue:
        if ind.combine == SUM:
            value = figures.get(ind.key) or 0
            values[ind.key] = str(Decimal(value).quantize(CENT)) if ind.unit == MONEY else _number(value)
        elif ind.combine == MEDIAN:
            values[ind.key] = figures.get(ind.key)
        else:
            numerator, denominator = figures.get(ind.numerator) or 0, figures.get(ind.denominator) or 0
            if not denominator:
                values[ind.key] = None
            elif ind.combine == RATIO:
                values[ind.key] = round(float(numerator) * 100 / float(denominator), 1)
            elif ind.combine == MEAN:
                values[ind.key] = round(float(numerator) / float(denominator), 2)
    return values


def _number(value):
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def report_data(figures: TreeFigures, org_id: int) -> dict:
    """One organisation's report: its total, its own records and each child unit's total."""
    node = figures.tree.find(org_id)
    if node is None:
        raise ValueError(f"organisation {org_id} is not in the tree of {figures.tree.id}")
    with translation.override(STORED_LANGUAGE):
        total_label, own_label, period_label = _("合计"), _("本级"), figures.period.label
    columns = [{"key": "total", "label": total_label if node.children else node.label, "org_id": node.id}]
    values = {"total": finalise(figures.totals[node.id], figures.catalogue)}
    if node.children:
        columns.append({"key": "own", "label": own_label, "org_id": node.id})
        values["own"] = finalise(figures.own[node.id], figures.catalogue)
        for child in node.children:
            if child.kind in Organisation.PROVIDER_KINDS and not any(figures.totals[child.id].values()):
                continue
            key = f"org:{child.id}"
            columns.append({"key": key, "label": child.label, "org_id": child.id})
            values[key] = finalise(figures.totals[child.id], figures.catalogue)
    period = figures.period
    return {
        "version": FORMAT_VERSION,
        "organisation": {"id": node.id, "name": node.name},
        "period": {"first": period.first.isoformat(), "after": period.after.isoformat(), "label": period_label},
        "computed_at": timezone.now().isoformat(),
        "indicators": [ind.as_dict() for ind in figures.catalogue],
        "columns": columns,
        "values": values,
    }


def differences(old: dict, new: dict) -> list[dict]:
    """What a correction changed: each visible figure whose value differs, by column."""
    labels = {ind["key"]: ind["label"] for ind in new["indicators"] if not ind["hidden"]}
    labels |= {ind["key"]: ind["label"] for ind in old["indicators"] if not ind["hidden"] and ind["key"] not in labels}
    old_columns = {col["key"]: col["label"] for col in old["columns"]}
    changes = []
    for column in new["columns"]:
        before = old["values"].get(column["key"], {})
        after = new["values"][column["key"]]
        for key, label in labels.items():
            if before.get(key) != after.get(key):
                changes.append(
                    {
                        "column": column["label"],
                        "indicator": label,
                        "old": before.get(key),
                        "new": after.get(key),
                    }
                )
    with translation.override(STORED_LANGUAGE):
        gone = _("(该单位已不在本报表中)")
    for key, label in old_columns.items():
        if key not in new["values"]:
            changes.append({"column": label, "indicator": gone, "old": None, "new": None})
    return changes


def combine(parts: list[dict], organisation: Organisation, period: Period) -> dict:
    """A longer period's report from the monthly reports it is made of (as a yearly report is made
    from the filed monthly ones): sums add up, rates and means are formed again from the summed
    parts, and medians are computed over all the period's rows, per column."""
    latest = parts[-1]
    catalogue = indicators.from_dicts(latest["indicators"])
    columns = list(latest["columns"])
    known = {column["key"] for column in columns}
    for part in parts:
        for column in part["columns"]:
            if column["key"] not in known:
                columns.append(column)
                known.add(column["key"])
    summed = [ind for ind in catalogue if ind.combine == SUM]
    totals: dict[str, dict] = {}
    for column in columns:
        values = [part["values"].get(column["key"], {}) for part in parts]
        totals[column["key"]] = {
            ind.key: sum((Decimal(str(v.get(ind.key) or 0)) for v in values), Decimal(0))
            if ind.unit == MONEY
            else sum(v.get(ind.key) or 0 for v in values)
            for ind in summed
        }
    tree = load_tree(organisation)
    subtrees = {}
    for index, column in enumerate(columns):
        node = tree.find(column["org_id"])
        subtrees[index] = [organisation.pk] if column["key"] == "own" else (node.subtree_ids() if node else [])
    found = aggregates.medians({i: ids for i, ids in subtrees.items() if ids}, period)
    for index, column in enumerate(columns):
        totals[column["key"]] |= found.get(index, {})
    with translation.override(STORED_LANGUAGE):
        period_label = period.label
    return {
        "version": FORMAT_VERSION,
        "organisation": {"id": organisation.pk, "name": organisation.name},
        "period": {"first": period.first.isoformat(), "after": period.after.isoformat(), "label": period_label},
        "computed_at": timezone.now().isoformat(),
        "months": [part["period"]["label"] for part in parts],
        "indicators": latest["indicators"],
        "columns": columns,
        "values": {key: finalise(values, catalogue) for key, values in totals.items()},
    }
