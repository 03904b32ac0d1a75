"""Benchmark: the warm render time of each application document, and a batch print run.

Starts a throwaway PostgreSQL server (bench/pg.py; or uses the one DATABASE_URL names), builds a decided
application with every document it can have (a representative, an opposing party, a means test with a
household, a grant, the one-time notice's and the decision's service receipts issued), then prints:

- the first and warm (median of --runs) render time of every registered application document
  (target < 200 ms warm), with its page count read back;
- the time of a batch print run of --batch receipts of materials (one PDF, the task's work).

The case's documents and the 200-page case file are measured by bench/case_file.py.

    .venv/bin/python bench/documents.py [--runs 5] [--batch 50] [--port 55511]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from pg import postgresql, setup_django


def build_world():
    """A centre, its staff member and standard; returns (centre, staff)."""
    from django.contrib.auth.models import Group

    from eligibility.models import HardshipStandard
    from legalaid.models import Organisation, User, UserProfile
    from legalaid.roles import Role, group_name

    centre = Organisation.objects.create(
        name="寿县法律援助中心", kind=Organisation.Kind.COUNTY_CENTRE, division_code="340422", phone="0554-4021234"
    )
    staff = User.objects.create_user("bench-staff", last_name="王", first_name="爱丽")
    UserProfile.objects.create(user=staff, organisation=centre, role=Role.CENTRE_STAFF)
    staff.groups.add(Group.objects.get(name=group_name(Role.CENTRE_STAFF)))
    HardshipStandard.objects.create(
        division_code="340422", division_name="寿县", effective_from=date(2022, 1, 1),
        monthly_per_capita_line=Decimal("1000.00"),
    )  # fmt: skip
    return centre, User.objects.get(pk=staff.pk)


def application(centre, staff, n: int, *, representative: bool = False):
    from intake import services as intake_services
    from intake.models import Application, Channel, Person
    from legalaid.models import MatterCategory
    from legalaid.validators import id_check_char

    first17 = f"340422197804{n % 28 + 1:02d}{n % 900 + 100:03d}"
    applicant = Person.objects.create(
        name=f"王𠮷{n}", id_number=first17 + id_check_char(first17), birth_date=date(1978, 4, n % 28 + 1),
        sex="M", is_migrant_worker=True, household_address="安徽省寿县寿春镇南关村3组",
    )  # fmt: skip
    extra = {}
    if representative:
        extra = {
            "representative": Person.objects.create(name="李䶮", id_number=""),
            "representative_relationship": Application.Relationship.SPOUSE,
        }
    filed = intake_services.application_submit(
        actor=staff, applicant=applicant, channel=Channel.objects.get(code="centre_window"),
        receiving_organisation=centre, case_type="labour_arbitration",
        matter=MatterCategory.objects.get(code="labour"), service_requested="arbitration",
        facts="在建筑工地务工八个月，老板拖欠工资两万三千元，多次讨要未果。", **extra,
    )  # fmt: skip
    return intake_services.application_accept(filed, actor=staff)


def decided(centre, staff):
    """One application with every document: notice supplied, means test, grant, receipts issued."""
    from eligibility import services as eligibility_services
    from eligibility.services import MemberInput
    from intake import services as intake_services
    from intake.models import OpposingParty
    from legalaid.documents.services import document_issue

    record = application(centre, staff, 0, representative=True)
    OpposingParty.objects.create(application=record, name="合肥某建筑劳务有限公司", role="被申请人")
    from django.utils import timezone

    intake_services.notice_issue(
        record, actor=staff, items=["户籍证明", "劳动关系证明"], due_date=timezone.localdate() + timedelta(days=10)
    )
    record = intake_services.materials_supply(record, actor=staff, note="已补充")
    eligibility_services.assessment_create(
        record, actor=staff, integrity_pledge=True, household_assets=Decimal("12000.07"),
        members=[
            MemberInput(name="王𠮷", relation="self", monthly_income=Decimal("1200"), income_source="务工"),
            MemberInput(name="李䶮", relation="spouse", monthly_income=Decimal("600.50"), income_source="务农"),
        ],
    )  # fmt: skip
    eligibility_services.application_decide(record, actor=staff, granted=True)
    record.refresh_from_db()
    document_issue("notice_service_receipt", record, actor=staff)
    document_issue("decision_service_receipt", record, actor=staff)
    return record


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=50, help="receipts of materials in the batch print run")
    parser.add_argument("--port", type=int, default=55511)
    args = parser.parse_args()

    with postgresql(args.port) as url, tempfile.TemporaryDirectory(prefix="documents-bench-") as tmp:
        setup_django(url, Path(tmp))
        from django.core.management import call_command
        from django.db import transaction
        from django.utils import timezone
        from pypdf import PdfReader

        from legalaid.documents import registry, services
        from legalaid.documents.registry import PRINTABLE
        from legalaid.models import DocumentBatch

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - started:.1f} s")
        centre, staff = build_world()
        record = decided(centre, staff)

        print(f"\n{'document':28} {'state':8} {'first ms':>9} {'warm ms':>8} {'pages':>6}")
        slow = []
        for kind, state, _reason in registry.documents_of(record):
            title = registry.official_title(kind)
            if state not in PRINTABLE:
                print(f"{title:28} {state:8} {'—':>9} {'—':>8} {'—':>6}")
                continue
            started = time.perf_counter()
            content = registry.render_pdf(kind, record)
            first = (time.perf_counter() - started) * 1000
            times = []
            for _run in range(args.runs):
                started = time.perf_counter()
                registry.render_pdf(kind, record)
                times.append((time.perf_counter() - started) * 1000)
            warm = statistics.median(times)
            slow += [title] if warm >= 200 else []
            print(f"{title:28} {state:8} {first:9.1f} {warm:8.1f} {len(PdfReader(BytesIO(content)).pages):6d}")

        for n in range(1, args.batch):
            application(centre, staff, n)
        today = timezone.localdate()
        started = time.perf_counter()
        with transaction.atomic():  # leaving it commits; the outbox runs the task in-process (eager)
            batch = services.document_batch_request(staff, kind_code="materials_receipt", start=today, end=today)
        elapsed = time.perf_counter() - started
        batch = DocumentBatch.objects.get(pk=batch.pk)
        with batch.pdf.open("rb") as stored:
            pages = len(PdfReader(stored).pages)
        each = elapsed / batch.document_count * 1000
        print(f"\nbatch of {batch.document_count} receipts of materials: {batch.get_status_display()}, "
              f"{pages} pages, {elapsed:.2f} s ({each:.0f} ms a document)")  # fmt: skip
        print(f"documents at or over 200 ms warm: {', '.join(slow) or 'none'}")
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"load average while measuring: {load} ({os.cpu_count()} CPUs): on a shared machine, compare ratios")
        return 0


if __name__ == "__main__":
    sys.exit(main())
