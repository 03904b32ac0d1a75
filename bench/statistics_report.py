"""Benchmark: statistics at province scale on PostgreSQL (issue 7).

Starts a throwaway PostgreSQL server (bench/pg.py, or uses the one DATABASE_URL names),
migrates, generates 1,000,000 cases over five years with their applications, persons, events,
assignments, assessments, visits, consultations and duty help (bench/statistics_data.py, COPY),
lets the monthly job file the last 12 months and the half-hourly job make this month's report so
far, then times as the server answers them (Django test client, in process):

- the monthly report of the whole city hierarchy, computed from live data (target < 1 s), and as the
  PDF that is filed (target < 1 s),
- the yearly report of the city (target < 3 s),
- the centre director's dashboard (target < 200 ms),

each as the median of several runs, next to the summed time of the same SQL run raw on a cursor
(target: within 3 times), and the time of one hand-written GROUP BY over the cases of a month
and of a year.

    .venv/bin/python bench/statistics_report.py [--cases 1000000] [--runs 5] [--port 55462] [--keep DIR]
        [--save-pdf FILE]

With --keep DIR the database stays in DIR, and a later run with the same DIR skips generating.
"""

import argparse
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import statistics_data
from pg import postgresql, setup_django

TARGETS = {"monthly": 1.0, "monthly (filed)": 1.0, "monthly PDF": 1.0, "yearly": 3.0, "dashboard": 0.2}


def median_time(func, runs: int) -> tuple[float, object]:
    wall, _cpu, result = median_times(func, runs)
    return wall, result


def median_times(func, runs: int) -> tuple[float, float, object]:
    """Median wall-clock time and median CPU time of this process (the server's own work: on a shared,
    busy machine the wall-clock time also counts the waits for a core)."""
    times, cpu_times, result = [], [], None
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = func()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    return statistics.median(times), statistics.median(cpu_times), result


def select_sql(queries: list[dict]) -> list[str]:
    """Every SELECT the view ran (aggregates, stored reports, and the session and user lookups)."""
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]


def raw_time(sqls: list[str], runs: int) -> float:
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for sql in sqls:
                cursor.execute(sql)
                cursor.fetchall()

    return median_time(run, runs)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=55462)
    parser.add_argument("--keep", type=Path, help="keep the database in this directory (reused when it exists)")
    parser.add_argument("--save-pdf", type=Path, help="write the monthly PDF here, to look at (pdftoppm)")
    args = parser.parse_args()

    with postgresql(args.port, keep=args.keep) as url, tempfile.TemporaryDirectory(prefix="statistics-bench-") as tmp:
        # Collected static files: production storage serves hashed names, as the pages would in use.
        setup_django(url, Path(tmp), collect_static=True)
        from django.core.management import call_command
        from django.db import connection
        from django.db.models import Max
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from cases.models import Case
        from legalaid.models import User
        from supervision.statistics import periods, services

        call_command("migrate", verbosity=0)
        if not Case.objects.exists():
            started = time.perf_counter()
            # Every case in one city of 8 counties: its report is the largest a city files.
            statistics_data.generate(args.cases, args.years, counties=statistics_data.COUNTIES_PER_CITY)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            print(f"generated {args.cases:,} cases in {time.perf_counter() - started:.0f} s")
        director = User.objects.get(username="bench_director")
        city = director.profile.organisation
        # The data ends on the day it was generated (the last cases are accepted that evening).
        today = timezone.localdate(Case.objects.aggregate(last=Max("accepted_at"))["last"] - timedelta(hours=1))
        with connection.cursor() as cursor:
            for table in ("cases_case", "intake_application", "intake_consultation", "cases_caseparty"):
                cursor.execute(f"SELECT count(*) FROM {table}")
                print(f"{table}: {cursor.fetchone()[0]:,} rows")

        # The monthly job has filed every month since January of last year (the yearly report and the
        # dashboard read them).
        months = [m for m in periods.months_back(today, 24) if m.first.year >= today.year - 1][:-1]
        job_times = []
        for month in months:
            started = time.perf_counter()
            result = services.monthly_reports_generate(month.first, root=city)
            if result["generated"]:
                job_times.append(time.perf_counter() - started)
        if job_times:
            job = statistics.median(job_times)
            print(f"monthly job, whole city tree ({len(job_times)} months computed): median {job:.2f} s per month")

        # Beat keeps this month's reports current every half hour; the dashboard reads them.
        mtd, _ = median_time(lambda: services.monthly_reports_generate(today.replace(day=1), root=city), 1)
        print(f"month-to-date job, whole city tree: {mtd:.2f} s")

        client = Client()
        client.force_login(director)
        live_month = periods.add_months(today, -24)  # before the filed months: computed live
        monthly = f"/supervision/statistics/report/monthly/?organisation={city.pk}&month="
        urls = {
            "monthly": f"{monthly}{live_month:%Y-%m}",
            "monthly (filed)": f"{monthly}{months[-1].first:%Y-%m}",
            "monthly PDF": f"{monthly}{months[-1].first:%Y-%m}&format=pdf",
            "yearly": f"/supervision/statistics/report/yearly/?organisation={city.pk}&year={today.year - 1}",
            "dashboard": f"/supervision/statistics/dashboard/?organisation={city.pk}",
        }
        rows = []
        for name, url in urls.items():
            runs = args.runs if name != "yearly" else max(3, args.runs // 2)

            def get(url=url):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                return response

            get()  # warm caches and connections
            server, cpu, _ = median_times(get, runs)
            with CaptureQueriesContext(connection) as captured:
                get()
            sqls = select_sql(captured.captured_queries)
            raw = raw_time(sqls, runs)
            rows.append((name, server, cpu, raw, len(sqls), len(captured.captured_queries)))
            if name == "monthly PDF" and args.save_pdf:
                args.save_pdf.write_bytes(get().content)

        single = {}
        for label, period in (("month", periods.month(live_month)), ("year", periods.year(today.year - 1))):
            sql = (
                "SELECT received_by_id, count(*), count(*) FILTER (WHERE case_type = 'civil'), "
                "count(*) FILTER (WHERE case_type = 'criminal'), count(*) FILTER (WHERE source <> 'application') "
                "FROM cases_case WHERE accepted_at >= %s AND accepted_at < %s GROUP BY received_by_id"
            )

            def one(sql=sql, period=period):
                with connection.cursor() as cursor:
                    cursor.execute(sql, [period.start, period.end])
                    cursor.fetchall()

            single[label] = median_time(one, args.runs)[0]

        print()
        columns = f"{'server (median)':>16} {'server CPU':>11} {'raw SQL sum':>12} {'ratio':>6} {'target':>8}"
        print(f"{'':16} {columns}  queries")
        for name, server, cpu, raw, aggregates, total in rows:
            ratio = server / raw if raw else float("nan")
            ok = server < TARGETS[name] and ratio <= 3
            print(
                f"{name:16} {server * 1000:13.0f} ms {cpu * 1000:8.0f} ms {raw * 1000:9.0f} ms {ratio:6.2f}"
                f" {TARGETS[name] * 1000:5.0f} ms"
                f"  {aggregates} SELECTs / {total} queries  {'OK' if ok else 'MISSED'}"
            )
        month_ms, year_ms = single["month"] * 1000, single["year"] * 1000
        print(f"one GROUP BY over the cases of a month: {month_ms:.1f} ms; of a year: {year_ms:.1f} ms")
        connection.close()


if __name__ == "__main__":
    main()
