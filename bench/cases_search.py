"""Benchmark: case search and the deadline board with 1,000,000 cases on PostgreSQL (target < 50 ms median).

Starts a throwaway PostgreSQL server (bench/pg.py), migrates, seeds the demo network, and
bulk-loads persons, cases and their aided persons with COPY: ten years of cases over the four
centres, most of them closed or archived, the last months' open ones spread over every status
and deadline. Then it requests the pages as 寿县 centre staff through Django's
test client and reports, per page, the server time (best and median of several runs), the SQL
queries and the rows shown. The query count of a page does not depend on how many rows it shows.
With DATABASE_URL pointing at a PostgreSQL database, an empty one is filled and a filled one reused;
with --keep DIR the server's files stay in DIR and the next run reuses the cases generated there.

    .venv/bin/python bench/cases_search.py [--cases 1000000] [--runs 15] [--port 55452] [--keep DIR] [--explain]
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from pg import postgresql, server_version, setup_django

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = [
    "建国", "国强", "志刚", "海燕", "秀兰", "卫东", "春生", "德华", "文华", "玉珍",
    "小平", "永刚", "桂芳", "红梅", "立新", "家明", "金凤", "长青", "福生", "明亮",
    "淑英", "桂英", "秀英", "玉兰", "建华", "建军", "小红", "丽娟", "志强", "俊杰",
]  # fmt: skip


def id_number(n: int) -> str:
    """18 digits, unique per person (the bench does not need valid check digits)."""
    return f"34{n:016d}"


def copy_rows(model, columns: list[str], rows) -> int:
    """COPY rows (tuples in `columns` order) into the model's table."""
    from django.db import connection

    table = model._meta.db_table
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def reset_sequence(model) -> None:
    from django.db import connection

    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")


def build(count: int, log) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from cases import deadlines
    from cases.models import Case, CaseParty
    from cases.numbering import default_region, format_case_number
    from intake.models import Person
    from legalaid.demo import seed_demo
    from legalaid.models import HandlerProfile, MatterCategory, Organisation, User
    from legalaid.vocabulary import CaseType, CriminalStage

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    seed_demo()
    log(f"  migrated and seeded the network in {time.perf_counter() - started:.1f} s")

    rng = random.Random(2026)
    centres = {o.name: o for o in Organisation.objects.filter(kind__in=Organisation.CENTRE_KINDS)}
    weights = {"寿县法律援助中心": 55, "凤台县法律援助中心": 25, "大通区法律援助中心": 15, "淮南市法律援助中心": 5}
    centre_list = [centres[name] for name in weights]
    centre_weights = list(weights.values())
    receivers = {
        c.pk: [c, *Organisation.objects.filter(parent=c, kind__in=Organisation.WORKSTATION_KINDS)] for c in centre_list
    }
    handlers = list(HandlerProfile.objects.select_related("user__profile"))
    staff = User.objects.get(username="staff")
    matters = list(MatterCategory.objects.all())
    matters_by_type = {t: [m for m in matters if m.case_type in (t, "")] or matters for t in CaseType.values}
    case_types = ["civil"] * 40 + ["criminal"] * 30 + ["labour_arbitration"] * 15 + ["administrative"] * 5
    case_types += ["non_litigation"] * 10
    stages = [s for s in CriminalStage.values if s != "death_penalty_review"]

    now = timezone.now()
    started = time.perf_counter()
    person_count = count
    first_person = (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    names = []

    def people():
        for n in range(person_count):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            names.append(name)
            birth = date(1940, 1, 1) + timedelta(days=rng.randint(0, 30000))
            yield (
                first_person + n, name, "resident_id", id_number(first_person + n), "M" if n % 2 else "F", birth,
                "汉族", "中国", "", "", "", "", "", "", False, None, False, False, staff.pk, now,
            )  # fmt: skip

    person_columns = [
        "id", "name", "id_type", "id_number", "sex", "birth_date", "ethnicity", "nationality", "phone",
        "household_address", "household_division_code", "residence_address", "residence_division_code",
        "work_unit", "is_disabled", "disability_grade", "is_migrant_worker", "is_service_member", "created_by_id",
        "created_at",
    ]  # fmt: skip
    copy_rows(Person, person_columns, people())
    reset_sequence(Person)
    log(f"  {person_count:,} persons in {time.perf_counter() - started:.1f} s")

    today = timezone.localdate()
    span = timedelta(days=3650)
    start = now - span
    counters: dict[tuple, int] = {}
    first_case = (Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    columns = [f.column for f in Case._meta.concrete_fields]
    defaults = {f.column: f.get_default() for f in Case._meta.concrete_fields}
    open_count = 0

    def cases():
        nonlocal open_count
        step = span / count
        for n in range(count):
            accepted_at = start + step * n + timedelta(seconds=rng.randint(0, 59))
            accepted_on = timezone.localdate(accepted_at)
            age = (today - accepted_on).days
            centre = rng.choices(centre_list, centre_weights)[0]
            case_type = rng.choice(case_types)
            key = (centre.pk, accepted_on.year, case_type)
            counters[key] = counters.get(key, 0) + 1
            seq = counters[key]
            row = dict(defaults)
            handler = rng.choice(handlers)
            row.update(
                id=first_case + n,
                number=format_case_number(
                    "〔{year}〕{region}法援{type}字第{seq:04d}号",
                    year=accepted_on.year,
                    region=default_region(centre.division_code),
                    case_type=case_type,
                    seq=seq,
                ),
                number_year=accepted_on.year,
                sequence=seq,
                centre_id=centre.pk,
                received_by_id=rng.choice(receivers[centre.pk]).pk,
                source=rng.choice(["application"] * 8 + ["court", "procuratorate"]),
                case_type=case_type,
                criminal_stage=rng.choice(stages) if case_type == "criminal" else "",
                matter_id=rng.choice(matters_by_type[case_type]).pk,
                summary="",
                status_changed_at=accepted_at,
                accepted_at=accepted_at,
                accepted_by_id=staff.pk,
                assignment_due=deadlines.assignment_due(accepted_on),
                possible_penalty="",
            )
            if age <= 3 or (age <= 6 and rng.random() < 0.1):
                status = "accepted"
            else:
                assigned_at = accepted_at + timedelta(days=rng.choice([1, 2, 2, 3, 3, 4]))
                assigned_on = timezone.localdate(assigned_at)
                row.update(
                    handler_id=handler.user_id,
                    handler_organisation_id=handler.user.profile.organisation_id,
                    handler_type=handler.handler_type,
                    assigned_at=assigned_at,
                    agreement_due=deadlines.agreement_due(assigned_on),
                )
                if age > 6 or rng.random() < 0.8:
                    row["agreement_signed_on"] = assigned_on + timedelta(days=rng.randint(1, 5))
                if age <= 10:
                    status = "assigned" if row["agreement_signed_on"] is None else "in_progress"
                elif age <= 150 and rng.random() < 0.6:
                    status = "in_progress"
                    if rng.random() < 0.3:
                        end = today - timedelta(days=rng.randint(0, min(age - 10, 40)))
                        row.update(case_end_date=end, closing_due=deadlines.closing_due(end))
                elif age <= 150 and rng.random() < 0.3:
                    status = "closing_submitted"
                    submitted = now - timedelta(days=rng.randint(0, min(age - 10, 35)))
                    end = timezone.localdate(submitted) - timedelta(days=rng.randint(1, 20))
                    row.update(
                        case_end_date=end,
                        closing_due=deadlines.closing_due(end),
                        closing_submitted_at=submitted,
                        review_due=deadlines.review_due(timezone.localdate(submitted)),
                    )
                else:
                    # Handled for two to seven months; the file is archived a month or two after closing.
                    closed_at = accepted_at + timedelta(days=min(age - 1, rng.randint(60, 200)))
                    status = "archived" if (now - closed_at).days > rng.randint(30, 75) else "closed"
                    end = timezone.localdate(closed_at) - timedelta(days=20)
                    row.update(
                        case_end_date=end,
                        closing_due=deadlines.closing_due(end),
                        closing_submitted_at=closed_at - timedelta(days=10),
                        closed_at=closed_at,
                        archived_at=closed_at + timedelta(days=30) if status == "archived" else None,
                        outcome="judgment_won",
                        recovered_amount=rng.choice([None, 0, 8600, 23000]),
                    )
            row["status"] = status
            if status not in ("closed", "archived"):
                open_count += 1
            yield tuple(row[c] for c in columns)

    started = time.perf_counter()
    copy_rows(Case, columns, cases())
    reset_sequence(Case)
    log(f"  {count:,} cases ({open_count:,} open) in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    party_columns = ["id", "case_id", "person_id", "name", "id_number", "birth_date", "is_primary", "added_at",
                     "added_by_id"]  # fmt: skip
    copy_rows(
        CaseParty,
        party_columns,
        (
            (n + 1, first_case + n, first_person + n, names[n], id_number(first_person + n), None, True, now, staff.pk)
            for n in range(count)
        ),
    )
    reset_sequence(CaseParty)
    log(f"  {count:,} aided persons in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"  VACUUM ANALYZE in {time.perf_counter() - started:.1f} s")


def explain_slowest(client, url: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    slowest = max(
        (q for q in captured.captured_queries if q["sql"].startswith("SELECT")), key=lambda q: float(q["time"])
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
        print("    " + slowest["sql"][:300])
        for (line,) in cursor.fetchall():
            print("      " + line)


def measure(client, url: str, runs: int, marker: str) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, rows = [], 0, 0
    client.get(url)  # warm caches once, as a user's second request would find them
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
        rows = response.content.decode().count(marker)
    return min(times), statistics.median(times), queries, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--port", type=int, default=55452)
    parser.add_argument("--keep", type=Path, help="keep the database in this directory (reused when it exists)")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of each page's slowest query")
    args = parser.parse_args()

    with postgresql(args.port, keep=args.keep) as url, tempfile.TemporaryDirectory(prefix="cases-bench-") as tmp:
        setup_django(url, Path(tmp))
        from urllib.parse import urlencode

        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        from cases.models import Case, CaseParty
        from legalaid.models import User

        version = server_version()
        call_command("migrate", verbosity=0)
        if Case.objects.exists():
            print(f"Reusing the {Case.objects.count():,} cases already in DATABASE_URL (PostgreSQL {version})")
        else:
            print(f"Building {args.cases:,} cases (PostgreSQL {version})")
            build(args.cases, print)

        staff = User.objects.get(username="staff")
        client = Client()
        client.force_login(staff)
        centre = staff.profile.organisation
        scoped = Case.objects.filter(centre=centre)
        sample = scoped.filter(status="in_progress").order_by("pk")[len(scoped.filter(status="in_progress")[:500]) // 2]
        party = CaseParty.objects.get(case=sample)
        handler_id = sample.handler_id
        open_cases = scoped.exclude(status__in=["closed", "archived"]).count()
        print(f"寿县 centre: {scoped.count():,} cases in scope, {open_cases:,} open\n")

        search = reverse("cases:case_list")
        pages = [
            ("search: no filter, page 1", search),
            ("search: no filter, page 40", f"{search}?page=40"),
            ("search: full case number", f"{search}?{urlencode({'q': sample.number})}"),
            ("search: sequence number", f"{search}?{urlencode({'q': str(sample.sequence)})}"),
            ("search: person full name", f"{search}?{urlencode({'q': party.name})}"),
            ("search: person ID number", f"{search}?{urlencode({'q': party.id_number})}"),
            (
                "search: handler + in progress",
                f"{search}?{urlencode({'handler': handler_id, 'status': 'in_progress'})}",
            ),
            ("search: status closing submitted", f"{search}?status=closing_submitted"),
            ("search: type + matter", f"{search}?{urlencode({'case_type': 'civil', 'matter': sample.matter_id})}"),
            ("search: accepted in one month", f"{search}?accepted_from=2024-03-01&accepted_to=2024-03-31"),
            ("search: type + status + dates", f"{search}?case_type=criminal&status=archived&accepted_from=2022-01-01"),
            ("deadline board", reverse("cases:deadline_board")),
            ("deadline board, one handler", f"{reverse('cases:deadline_board')}?handler={handler_id}"),
        ]
        print(f"{'page':34} {'best ms':>8} {'median ms':>10} {'queries':>8} {'rows':>5}")
        results = []
        for label, page_url in pages:
            marker = 'data-testid="board-row"' if "board" in page_url else 'data-testid="case-row"'
            best, median, queries, rows = measure(client, page_url, args.runs, marker)
            results.append((label, median, queries))
            print(f"{label:34} {best:8.1f} {median:10.1f} {queries:8d} {rows:5d}")
            if args.explain:
                explain_slowest(client, page_url)

        # For scale: a plain page of the foundation (a count and a short list) measured the same way.
        best, median, queries, rows = measure(client, reverse("organisation_list"), args.runs, "<tr>")
        print(f"{'baseline: network list (legalaid)':34} {best:8.1f} {median:10.1f} {queries:8d} {rows:5d}")

        slow = [(label, median) for label, median, _q in results if median >= 50]
        search_queries = {q for label, _m, q in results if label.startswith("search")}
        board_queries = {q for label, _m, q in results if label.startswith("deadline")}
        print(f"\nqueries per search page: {sorted(search_queries)}; per board page: {sorted(board_queries)}")
        print("target (< 50 ms median each):", "met" if not slow else f"MISSED by {slow}")
        return 0 if not slow else 1


if __name__ == "__main__":
    sys.exit(main())
