"""Every figure against counts written independently, in plain Python, over generated data."""

import statistics
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from supervision.statistics import figures, periods
from tests.statistics.factories import subtree_ids

FEB = periods.month(date(2026, 2, 1))


def local(moment) -> date:
    return timezone.localtime(moment).date()


def in_month(moment, period=FEB) -> bool:
    return moment is not None and period.first <= local(moment) < period.after


def in_days(day, period=FEB) -> bool:
    return day is not None and period.first <= day < period.after


def expected(generated, orgs: set[int], period=FEB) -> dict:
    """The figures, counted one object at a time."""
    g = generated
    want: Counter = Counter()
    for c in g.consultations:
        if c.organisation_id in orgs and in_month(c.consulted_at, period):
            want["consult_total"] += 1
            want[f"consult_{c.channel.category}"] += 1
    decision_days = []
    for a in g.applications:
        if a.receiving_organisation_id not in orgs:
            continue
        if in_month(a.received_at, period):
            want["app_received"] += 1
        if a.status in ("granted", "refused") and in_month(a.decided_at, period):
            want["app_decided"] += 1
            want[f"app_{a.status}"] += 1
            want["decision_total"] += 1
            want["decision_on_time"] += local(a.decided_at) <= a.decision_due
            decision_days.append((a.decided_at - a.received_at).total_seconds() / 86400)
        if a.status in ("withdrawn", "deemed_withdrawn") and in_month(a.status_changed_at, period):
            want["app_withdrawn"] += 1
    assignment_days = []
    recovered = Decimal("0")
    for case in g.cases:
        if case.received_by_id not in orgs:
            continue
        if in_month(case.accepted_at, period):
            want["case_opened"] += 1
            want[f"type_{case.case_type}"] += 1
            want[f"source_{case.source}"] += 1
            if case.case_type == "criminal":
                want[f"stage_{case.criminal_stage}"] += 1
            want[f"matter_{case.matter.code}" if case.matter else "matter_none"] += 1
            for party in case.parties.select_related("person"):
                want["aided_total"] += 1
                for group in party.person.groups(on=local(case.accepted_at)):
                    want[f"group_{group}"] += 1
        if in_month(case.assigned_at, period):
            want["assigned_total"] += 1
            want["assignment_total"] += 1
            want[f"handler_{case.handler_type}"] += 1
            want["assignment_on_time"] += local(case.assigned_at) <= case.assignment_due
            if case.source == "application" and case.application_id:
                assignment_days.append((case.assigned_at - case.application.decided_at).total_seconds() / 86400)
        if in_month(case.closed_at, period):
            want["case_closed"] += 1
            want[f"outcome_{case.outcome}"] += 1
            recovered += case.recovered_amount
    for help_ in g.duty_helps:
        if help_.workstation_id in orgs and in_days(help_.helped_on, period):
            want["duty_help"] += 1
    percent_sum = Decimal("0")
    for qa in g.assessments:
        if qa.case.received_by_id in orgs and in_month(qa.finalised_at, period):
            want["quality_total"] += 1
            want[f"grade_{qa.grade}"] += 1
            want["quality_passed"] += qa.grade != "fail"
            percent_sum += qa.percent
    rated = []
    for visit in g.visits:
        if visit.case.received_by_id in orgs and visit.status == "done" and in_days(visit.performed_on, period):
            want["visit_done"] += 1
            if visit.satisfaction is not None:
                rated.append(visit.satisfaction)
    for complaint in g.complaints:
        owner = complaint.case.received_by_id if complaint.case_id else complaint.centre_id
        if owner not in orgs:
            continue
        want["complaint_received"] += in_days(complaint.received_on, period)
        if in_days(complaint.concluded_on, period):
            want["complaint_concluded"] += 1
            want["complaint_upheld"] += complaint.outcome in ("upheld", "partly")
    values = dict(want)
    values["recovered_amount"] = str(recovered.quantize(Decimal("0.01")))
    values["decision_median_days"] = round(statistics.median(decision_days), 1) if decision_days else None
    values["assignment_median_days"] = round(statistics.median(assignment_days), 1) if assignment_days else None
    values["quality_percent_sum"] = int(percent_sum) if percent_sum == int(percent_sum) else float(percent_sum)
    values["satisfaction_sum"] = sum(rated)
    values["visit_rated"] = len(rated)
    values["visit_satisfied"] = sum(1 for s in rated if s >= 4)
    values["visit_dissatisfied"] = sum(1 for s in rated if s <= 2)
    values["satisfaction_average"] = round(sum(rated) / len(rated), 2) if rated else None
    total = want["quality_total"]
    values["quality_average"] = round(float(percent_sum) / total, 2) if total else None
    values["quality_pass_rate"] = round(want["quality_passed"] * 100 / total, 1) if total else None
    return values


def check(actual: dict, wanted: dict) -> None:
    for key, value in actual.items():
        want = wanted.get(key, 0)
        if key.endswith("_rate") and key not in wanted:
            continue
        assert value == want, f"{key}: report {value!r}, counted {want!r}"


@pytest.mark.django_db
def test_every_figure_matches_independent_counts_at_each_level(generated, network):
    tree = figures.compute(network.city, FEB)
    for org in (network.city, network.centre, network.workstation, network.other_centre):
        data = figures.report_data(tree, org.pk)
        check(data["values"]["total"], expected(generated, subtree_ids(org)))
    # The county report breaks down into its own records and each township's.
    county = figures.report_data(tree, network.centre.pk)
    check(county["values"]["own"], expected(generated, {network.centre.pk}))
    check(county["values"][f"org:{network.workstation.pk}"], expected(generated, {network.workstation.pk}))


@pytest.mark.django_db
def test_figures_are_not_all_zero(generated, network):
    """The generated data reaches every section, so the comparison above means something."""
    values = figures.report_data(figures.compute(network.city, FEB), network.city.pk)["values"]["total"]
    for key in (
        "consult_total",
        "app_received",
        "app_granted",
        "case_opened",
        "aided_total",
        "group_elderly",
        "group_minor",
        "group_woman",
        "assigned_total",
        "case_closed",
        "duty_help",
        "quality_total",
        "visit_rated",
        "decision_total",
    ):
        assert values[key] > 0, key
    assert values["decision_median_days"] is not None


@pytest.mark.django_db
def test_rollup_adds_up_and_medians_are_recomputed(generated, network):
    tree = figures.compute(network.city, FEB)
    city = tree.totals[network.city.pk]
    parts = [tree.own[network.city.pk]] + [tree.totals[child.id] for child in tree.tree.children]
    for key in ("case_opened", "aided_total", "consult_total", "complaint_received"):
        assert city[key] == sum(part[key] for part in parts)
    assert city["recovered_amount"] == sum(Decimal(part["recovered_amount"]) for part in parts)


@pytest.mark.django_db
def test_a_person_in_several_groups_is_counted_in_each_once_per_case(frozen, network):
    from cases.models import CaseParty
    from tests.statistics.factories import generate

    data = generate(network, seed=11)
    party = next(p for p in data.parties if in_month(p.case.accepted_at) and len(p.person.groups()) >= 2)
    person, case = party.person, party.case
    before = figures.report_data(figures.compute(network.city, FEB), network.city.pk)["values"]["total"]
    # The same person aided again in a second case counts again, once per group.
    second = next(
        c
        for c in data.cases
        if in_month(c.accepted_at) and c.pk != case.pk and not c.parties.filter(person=person).exists()
    )
    CaseParty.objects.create(case=second, person=person, name=person.name, added_by=case.accepted_by)
    after = figures.report_data(figures.compute(network.city, FEB), network.city.pk)["values"]["total"]
    assert after["aided_total"] == before["aided_total"] + 1
    for group in person.groups(on=local(second.accepted_at)):
        assert after[f"group_{group}"] == before[f"group_{group}"] + 1


@pytest.mark.django_db
def test_march_so_far_is_counted_separately(generated, network):
    march = periods.month(date(2026, 3, 1))
    data = figures.report_data(figures.compute(network.city, march), network.city.pk)
    check(data["values"]["total"], expected(generated, subtree_ids(network.city), march))


@pytest.mark.django_db
def test_yearly_report_from_filed_months_equals_the_year_counted_at_once(generated, network):
    from supervision.statistics import selectors, services

    # January and February filed, March (this month) computed live.
    services.monthly_reports_generate(date(2026, 1, 1))
    services.monthly_reports_generate(date(2026, 2, 1))
    year = periods.Period(date(2026, 1, 1), date(2026, 4, 1), "year")  # the year to the end of this month
    combined, missing = selectors.yearly_data(network.centre, 2026, date(2026, 3, 10))
    assert missing == []
    direct = figures.report_data(figures.compute(network.centre, year), network.centre.pk)
    assert [c["key"] for c in combined["columns"]] == [c["key"] for c in direct["columns"]]
    for key in direct["values"]:
        assert combined["values"][key] == direct["values"][key], key
    check(combined["values"]["total"], expected(generated, subtree_ids(network.centre), year))


@pytest.mark.django_db
def test_one_report_computes_only_the_medians_it_shows(generated, network):
    whole = figures.report_data(figures.compute(network.city, FEB), network.centre.pk)
    narrow = figures.report_data(figures.compute(network.city, FEB, reports_for={network.centre.pk}), network.centre.pk)
    assert narrow["values"] == whole["values"]


@pytest.mark.django_db
def test_yearly_report_leaves_out_a_past_month_without_a_report(generated, network, monkeypatch):
    from supervision.statistics import selectors, services

    services.monthly_reports_generate(date(2026, 1, 1))
    asked = []
    real = figures.compute
    monkeypatch.setattr(
        figures, "compute", lambda root, period, **kw: asked.append(period.first) or real(root, period, **kw)
    )
    combined, missing = selectors.yearly_data(network.centre, 2026, date(2026, 3, 10))
    assert [month.first for month in missing] == [date(2026, 2, 1)]
    assert asked == [date(2026, 3, 1)]  # this month only; February is not computed on a click
    assert combined["months"] == ["2026年1月", "2026年3月"]
