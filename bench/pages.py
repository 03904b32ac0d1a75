"""Benchmark: every list page's server time beside the time of its own SQL, in one run on PostgreSQL.

Starts a throwaway PostgreSQL (bench/pg.py), generates the province-scale data of
bench/statistics_data.py (100,000 cases by default, with their applications, persons, events,
assessments, visits, consultations, complaints and duty help; printed: how long it took), adds a
supervisor and a workstation clerk to the first county, then for each list page of the apps (case
search variants, the deadline board, "my work", the review queue, the dashboard, and the other
lists of each app's URLs) prints:

- the median server time of several requests through django.test.Client in this process (URL
  routing, middleware, view, ORM, template: everything but the socket),
- the number of queries the page ran,
- the raw SQL time: exactly those queries (as the server sent them, parameters bound) run again on
  the psycopg connection, every row fetched, median of as many runs,
- and the ratio of the two (target: ≤ 4; case search and board ≤ 25 ms; dashboard ≤ 100 ms).

The dashboard is measured twice: with no monthly report stored, and after the past months are
filed. Each page is requested as the first of the bench users whose role may see it (county
staff, the county's supervisor or clerk, the city director, a handler). The machine's load average
is printed at the start and the end: on a shared machine read the ratios rather than the times.

    .venv/bin/python bench/pages.py [--cases 100000] [--runs 9] [--port 55517] [--keep DIR] [--only REGEX]
                                    [--json FILE]
"""

import argparse
import json
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import statistics_data
from pg import postgresql, server_version, setup_django

DECLARE = re.compile(r"^\s*DECLARE\s+\S+\s.*?\bCURSOR\s+(?:WITH(?:OUT)?\s+HOLD\s+)?FOR\s+", re.I | re.S)
TARGET_RATIO = 4.0
TARGET_MS = {"cases:case_list": 25, "cases:deadline_board": 25, "supervision:statistics_dashboard": 100}


def bench_users():
    """The users pages are requested as, most local first: (label, user), each in its role's group."""
    from django.contrib.auth.models import Group

    from legalaid.models import Organisation, User, UserProfile
    from legalaid.roles import Role, group_name

    staff = User.objects.get(username="bench_staff_0")
    centre = staff.profile.organisation
    for username, role, organisation in (
        ("bench_supervisor", Role.SUPERVISOR, centre),
        ("bench_clerk", Role.WORKSTATION_CLERK, Organisation.objects.filter(parent=centre).order_by("pk").first()),
    ):
        user, created = User.objects.get_or_create(username=username, defaults={"last_name": "测", "first_name": "试"})
        if created:
            UserProfile.objects.create(user=user, organisation=organisation, role=role)
    handler = User.objects.filter(username__startswith="bench_h_0_", profile__role=Role.HANDLER).order_by("pk")[1]
    users = [
        ("county staff", staff),
        ("supervisor", User.objects.get(username="bench_supervisor")),
        ("clerk", User.objects.get(username="bench_clerk")),
        ("city director", User.objects.get(username="bench_director")),
        ("handler", handler),
    ]
    # The generated network gives roles by profile; permissions come with the role's group.
    for _label, user in users:
        user.groups.add(Group.objects.get(name=group_name(user.profile.role)))
    return users


def list_pages(staff) -> list[tuple[str, str]]:
    """(label, URL) of every list page, the case search in the variants people type."""
    from django.urls import NoReverseMatch, reverse

    from cases.models import Case, CaseParty

    scoped = Case.objects.filter(centre=staff.profile.organisation)
    assigned = scoped.filter(handler__isnull=False).order_by("pk")
    sample = assigned[assigned.count() // 2]  # a case of the middle years, with a handler
    party = CaseParty.objects.filter(case=sample).select_related("person").first()
    board = reverse("cases:deadline_board")
    month = f"{sample.accepted_at:%Y-%m}"

    def search(**params) -> str:
        return f"{reverse('cases:case_list')}?{urlencode(params)}"

    pages = [
        ("case search: no filter", search()),
        ("case search: page 40", search(page=40)),
        ("case search: case number", search(q=sample.number)),
        ("case search: sequence number", search(q=sample.sequence)),
        ("case search: full name", search(q=party.name)),
        ("case search: name, 2 characters", search(q=party.name[-2:])),
        ("case search: surname alone", search(q=party.name[:1])),
        ("case search: ID number", search(q=party.id_number)),
        ("case search: ID fragment", search(q=party.id_number[-8:])),
        ("case search: phone fragment", search(q=party.person.phone[-7:])),
        ("case search: handler + status", search(handler=sample.handler_id, status=sample.status)),
        ("case search: status", search(status="closing_submitted")),
        ("case search: type + matter", search(case_type=sample.case_type, matter=sample.matter_id or "")),
        ("case search: one month", search(accepted_from=f"{month}-01", accepted_to=f"{month}-28")),
        ("deadline board", board),
        ("deadline board: one handler", f"{board}?handler={sample.handler_id}"),
        ("review queue", "intake:queue"),
        ("review queue: awaiting materials", "intake:queue?view=materials"),
        ("review queue: at workstations", "intake:queue?view=workstations"),
    ]
    # The same search box on the other lists: a name's last two characters, and a surname alone.
    for label, view in (
        ("consultations", "intake:consultation_list"),
        ("applications", "intake:application_list"),
        ("persons", "intake:person_list"),
    ):
        pages.append((f"{label}: name, 2 characters", f"{view}?{urlencode({'q': party.name[-2:]})}"))
        pages.append((f"{label}: surname alone", f"{view}?{urlencode({'q': party.name[:1]})}"))
    # The other lists: every URL without arguments of each app, but forms, files and public pages.
    others = {
        "home": "home",
        "work page": "work",  # 我的待办
        "network": "organisation_list",
        "my work (handler)": "cases:my_cases",
        "cases to open": "cases:open_queue",
        "cooperation": "cases:cooperation_list",
        "duty help": "cases:duty_list",
        "subsidies": "cases:subsidy_list",
        "applications": "intake:application_list",
        "persons": "intake:person_list",
        "consultations": "intake:consultation_list",
        "call-backs": "intake:call_back_list",
        "home visits": "intake:home_visit_list",
        "eligibility decisions": "eligibility:decision_queue",
        "legal-aid cards": "eligibility:card_list",
        "objections": "eligibility:objection_list",
        "spot checks": "eligibility:spot_check_list",
        "supervision": "supervision:index",
        "quality queue": "supervision:queue",
        "follow-up visits": "supervision:visits",
        "flags": "supervision:flags",
        "supervision cards": "supervision:cards",
        "complaints": "supervision:complaints",
        "enforcement": "supervision:enforcement",
        "stale cases": "supervision:stale",
        "bulletins": "supervision:bulletins",
        "statistics": "supervision:statistics_index",
    }
    pages += list(others.items())
    resolved = []
    for label, target in pages:
        if target.startswith("/"):
            resolved.append((label, target))
            continue
        name, _, query = target.partition("?")
        try:
            resolved.append((label, reverse(name) + (f"?{query}" if query else "")))
        except NoReverseMatch:
            print(f"  (no URL named {name}: {label} left out)")
    return resolved


def first_allowed(client_for, users, url: str):
    """The first bench user who gets a 200 for the URL, and that user's client."""
    for label, user in users:
        client = client_for(user)
        if client.get(url).status_code == 200:
            return label, client
    return None, None


def measure(client, url: str, runs: int) -> tuple[float, int, float]:
    """Median server ms, query count, and median ms of the same statements run raw."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # Every statement, the session's UPDATE and its BEGIN/COMMIT too: they are part of the page's
    # database time, and re-running them writes the same row again.
    # A server-side cursor (QuerySet.iterator()) shows as its DECLARE: run the query it declares.
    sqls = [DECLARE.sub("", q["sql"]) for q in captured.captured_queries]
    raw = connection.connection  # the psycopg connection itself: no Django cursor wrapper, no capture
    raw_times = []
    for _ in range(runs):
        started = time.perf_counter()
        with raw.cursor() as cursor:
            for sql in sqls:
                cursor.execute(sql)
                if cursor.description is not None:
                    cursor.fetchall()
        raw_times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(sqls), statistics.median(raw_times)


def file_past_months(director, months: int) -> float:
    """File the monthly reports the dashboard reads, as beat (or the back-fill command) would; seconds."""
    from django.utils import timezone

    from supervision.statistics import periods
    from supervision.statistics.services import monthly_reports_generate

    root = director.profile.organisation
    today = timezone.localdate()
    started = time.perf_counter()
    for month in periods.months_back(today, months + 1)[:-1]:
        monthly_reports_generate(month.first, root=root)
    monthly_reports_generate(today.replace(day=1), root=root)  # this month so far, as beat keeps it
    return time.perf_counter() - started


def verdict(name: str, median: float, ratio: float) -> str:
    target = TARGET_MS.get(name)
    misses = []
    if ratio > TARGET_RATIO:
        misses.append(f"ratio>{TARGET_RATIO:g}")
    if target and median > target:
        misses.append(f">{target}ms")
    return "ok" if not misses else "MISS " + ",".join(misses)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--port", type=int, default=55517)
    parser.add_argument("--keep", type=Path, help="keep the database in this directory (reused when it exists)")
    parser.add_argument("--only", help="only the pages whose label matches this regular expression")
    parser.add_argument("--json", type=Path, help="also write {label: [median ms, queries, SQL ms]} to this file")
    args = parser.parse_args()

    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    with postgresql(args.port, keep=args.keep) as url, tempfile.TemporaryDirectory(prefix="pages-bench-") as tmp:
        setup_django(url, Path(tmp), collect_static=True)
        from django.apps import apps
        from django.core.management import call_command
        from django.db import connection, transaction
        from django.test import Client
        from django.urls import resolve, reverse

        from cases.models import Case

        # Finding the user allowed on each page meets 403s on purpose; server errors are still logged.
        logging.getLogger("django.request").setLevel(logging.ERROR)
        call_command("migrate", verbosity=0)
        if Case.objects.exists():
            print(f"Reusing the {Case.objects.count():,} cases in the database (PostgreSQL {server_version()})")
        else:
            started = time.perf_counter()
            statistics_data.generate(args.cases, args.years)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            print(
                f"Generated {args.cases:,} cases and their records in {time.perf_counter() - started:.0f} s "
                f"(PostgreSQL {server_version()})"
            )
        # The grant clock's watermark, as beat's repair sweep keeps it every 15 minutes.
        from cases.selectors.board.watermark import grant_watermark_advance

        grant_watermark_advance()
        users = bench_users()
        clients = {}

        def client_for(user):
            if user.pk not in clients:
                clients[user.pk] = Client()
                clients[user.pk].force_login(user)
            return clients[user.pk]

        # Logged in before the dashboard's rolled-back block, so that no session is rolled back with it.
        for _label, user in users:
            client_for(user)
        pages = list_pages(users[0][1])
        if args.only:
            pages = [(label, url) for label, url in pages if re.search(args.only, label)]
        director = dict(users)["city director"]
        rows = []
        figures = {}
        header = f"{'page':34} {'as':13} {'server ms':>9} {'queries':>7} {'SQL ms':>7} {'ratio':>6}  target"
        print(f"\n{header}")

        def bench(label, page_url):
            who, client = first_allowed(client_for, users, page_url)
            if client is None:
                print(f"{label:34} {'nobody':13} (no bench user gets a 200)")
                return
            median, queries, raw = measure(client, page_url, args.runs)
            ratio = median / raw if raw else float("inf")
            name = resolve(page_url.split("?")[0]).view_name
            rows.append((label, median, ratio, verdict(name, median, ratio)))
            figures[label] = [round(median, 2), queries, round(raw, 2)]
            print(
                f"{label:34} {who:13} {median:9.1f} {queries:7d} {raw:7.1f} {ratio:6.1f}  "
                f"{verdict(name, median, ratio)}"
            )

        for label, page_url in pages:
            bench(label, page_url)
        if not args.only or re.search(args.only, "dashboard"):
            dashboard = reverse("supervision:statistics_dashboard")
            reports = apps.get_model("supervision", "StatisticsReport")._meta.db_table
            with transaction.atomic():  # as at go-live: nothing filed (rolled back afterwards)
                with connection.cursor() as cursor:
                    cursor.execute(f"TRUNCATE {reports} CASCADE")
                bench("dashboard, no report stored", dashboard)
                transaction.set_rollback(True)
            seconds = file_past_months(director, 13)
            print(f"  (filed the 13 past months and this month for the city tree in {seconds:.0f} s)")
            bench("dashboard, reports stored", dashboard)

        missed = [label for label, _m, _r, result in rows if result != "ok"]
        if args.json:
            args.json.write_text(json.dumps({"cases": Case.objects.count(), "pages": figures}, ensure_ascii=False))
        print(f"\nload average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print(f"{len(rows) - len(missed)} of {len(rows)} pages within their targets")
        connection.close()
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
