"""Benchmark: the centre's review queue page (and the centre staff home page) with 100,000 applications.

Starts a throwaway PostgreSQL server (bench/pg.py; or uses the one DATABASE_URL names, reusing its
applications when it has some), seeds the demo network, bulk-writes persons and applications spread
over every county centre, workstation, channel and status, then requests the queue as 寿县 centre
staff through Django's test client and reports the server time (best and median of several runs)
and the number of SQL queries for each page. The query count must be the same for a page of 1
row and a page of 50 rows: it does not grow with the rows.

    .venv/bin/python bench/intake_queue.py [--applications 100000] [--runs 7] [--port 55472] [--keep DIR]
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from pg import postgresql, setup_django


def build(count: int, log) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from intake import clock
    from intake.models import Application, Channel, OpposingParty, Person
    from legalaid.demo import seed_demo
    from legalaid.models import MatterCategory, Organisation, User
    from legalaid.vocabulary import CaseType

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    seed_demo()
    log(f"  migrated and seeded the network in {time.perf_counter() - started:.1f} s")

    rng = random.Random(2026)
    receivers = list(
        Organisation.objects.filter(kind__in=[*Organisation.WORKSTATION_KINDS, *Organisation.CENTRE_KINDS])
    )
    centre_of = {org.pk: org.responsible_centre() for org in receivers}
    channels = list(Channel.objects.filter(for_application=True))
    matters = list(MatterCategory.objects.all())
    clerk = User.objects.get(username="clerk")

    started = time.perf_counter()
    people = count // 2
    Person.objects.bulk_create(
        (
            Person(
                name=f"申请人{n}",
                id_type=Person.IdType.RESIDENT_ID,
                id_number=f"340422{n:012d}",
                sex="F" if n % 2 else "M",
                phone=f"139{n:08d}",
                created_by=clerk,
            )
            for n in range(people)
        ),
        batch_size=5000,
    )
    # Each application keeps its applicant's name (Application.applicant_name, which save() derives
    # and bulk_create does not): the list's surname search reads it.
    names = dict(Person.objects.values_list("pk", "name"))
    person_ids = list(names)
    log(f"  {people:,} persons in {time.perf_counter() - started:.1f} s")

    # Most applications are decided long ago; a realistic backlog is open, spread over the last weeks.
    Status = Application.Status
    open_statuses = [Status.RECEIVED, Status.PRELIMINARY_REVIEW, Status.UNDER_REVIEW, Status.AWAITING_MATERIALS]
    closed_statuses = [Status.GRANTED] * 6 + [Status.REFUSED, Status.WITHDRAWN, Status.DEEMED_WITHDRAWN]
    now = timezone.now()
    started = time.perf_counter()

    def rows():
        for n in range(count):
            receiver = rng.choice(receivers)
            is_open = rng.random() < 0.06
            received_at = now - timedelta(days=rng.randint(0, 20) if is_open else rng.randint(21, 1800), hours=n % 24)
            received = timezone.localdate(received_at)
            status = rng.choice(open_statuses) if is_open else rng.choice(closed_statuses)
            deadline = received + timedelta(days=rng.randint(3, 90)) if rng.random() < 0.2 else None
            applicant_id = rng.choice(person_ids)
            yield Application(
                number=f"{received:%Y%m%d}{n:06d}",
                applicant_id=applicant_id,
                applicant_name=names[applicant_id],
                channel=rng.choice(channels),
                receiving_organisation=receiver,
                centre=centre_of[receiver.pk],
                case_type=rng.choice(CaseType.values),
                matter=rng.choice(matters),
                facts="拖欠工资",
                service_requested="litigation",
                deadline_date=deadline,
                is_urgent=bool(deadline) and clock.is_urgent(deadline, received),
                received_at=received_at,
                decision_due=clock.decision_due(received),
                paused_since=received_at + timedelta(days=1) if status == Status.AWAITING_MATERIALS else None,
                decided_at=received_at + timedelta(days=5) if status in (Status.GRANTED, Status.REFUSED) else None,
                status=status,
                status_changed_at=received_at,
            )

    Application.objects.bulk_create(rows(), batch_size=5000)
    application_ids = list(Application.objects.values_list("pk", flat=True)[: count // 10])
    OpposingParty.objects.bulk_create(
        (OpposingParty(application_id=pk, name=f"对方{pk}") for pk in application_ids), batch_size=5000
    )
    log(f"  {count:,} applications in {time.perf_counter() - started:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a live database keeps them


def measure(client, url: str, runs: int) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    rows = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
        rows = response.content.decode().count('data-testid="queue-row"')
    return min(times), statistics.median(times), queries, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--port", type=int, default=55472)
    parser.add_argument("--keep", type=Path, help="keep the database in this directory (reused when it exists)")
    parser.add_argument("--queries", action="store_true", help="print the time of each query of the first page")
    args = parser.parse_args()

    with postgresql(args.port, keep=args.keep) as url, tempfile.TemporaryDirectory(prefix="intake-bench-") as tmp:
        setup_django(url, Path(tmp))
        from django.core.management import call_command
        from django.test import Client

        from intake.models import Application
        from legalaid.models import User

        call_command("migrate", verbosity=0)
        if Application.objects.exists():
            print(f"Reusing the {Application.objects.count():,} applications already in the database")
        else:
            print(f"Building {args.applications:,} applications (PostgreSQL)")
            build(args.applications, print)

        staff = User.objects.get(username="staff")
        client = Client()
        client.force_login(staff)
        centre = staff.profile.organisation
        in_scope = Application.objects.filter(receiving_organisation__path__startswith=centre.path)
        print(
            f"寿县 centre: {in_scope.count():,} applications in scope, "
            f"{in_scope.filter(status__in=Application.OPEN_STATUSES).count():,} open\n"
        )
        pages = [
            ("queue, first page (50 rows)", "/intake/queue/"),
            ("queue, page 3", "/intake/queue/?page=3"),
            ("queue, awaiting materials", "/intake/queue/?view=materials"),
            ("queue, at workstations", "/intake/queue/?view=workstations"),
            ("centre staff home page", "/"),
        ]
        print(f"{'page':32} {'best ms':>8} {'median ms':>10} {'queries':>8} {'rows':>5}")
        results = {}
        for label, url in pages:
            best, median, queries, rows = measure(client, url, args.runs)
            results[url] = (queries, rows)
            print(f"{label:32} {best:8.1f} {median:10.1f} {queries:8d} {rows:5d}")

        if args.queries:
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                client.get("/intake/queue/")
            for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:6]:
                print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:150]}")

        # The same page with a single row: the query count must not change. Rolled back, so that a
        # kept or given database still holds its full queue for the next run.
        from django.db import transaction

        with transaction.atomic():
            last = Application.objects.filter(status=Application.Status.AWAITING_MATERIALS, centre=centre)
            only = last.order_by("pk").first()
            last.exclude(pk=only.pk).update(status=Application.Status.GRANTED)
            best, median, queries, rows = measure(client, "/intake/queue/?view=materials", args.runs)
            transaction.set_rollback(True)
        print(f"{'queue, awaiting materials (1 row)':32} {best:8.1f} {median:10.1f} {queries:8d} {rows:5d}")
        full_queries = results["/intake/queue/"][0]
        if queries != full_queries:
            print(f"\nFAIL: {queries} queries for 1 row, {full_queries} for 50 rows")
            return 1
        print(f"\nQuery count is constant: {queries} queries for 1 row and for 50 rows.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
