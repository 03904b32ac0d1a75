"""Benchmark: each official document of a case rendered warm, and a ~200-page case file (卷宗) archived.

Starts a throwaway PostgreSQL server (bench/pg.py; or uses the one DATABASE_URL names), builds one
closed labour case with its documents issued and enough uploaded scans (PDFs of several pages and
photographed pages) to make a file of about 200 pages, then prints:

- the warm render time of every document the case has (median of several renders; target < 200 ms);
- the time to archive it and render the whole file as one PDF with the scans merged and page numbers
  stamped (the task's work; target < 10 s), with its page count, checked against the catalogue.

    .venv/bin/python bench/case_file.py [--pages 200] [--runs 5] [--port 55522] [--out case-file.pdf]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

from pg import postgresql, setup_django

SCAN_PAGES = 20  # pages of each uploaded PDF scan
PHOTOS = 6  # photographed pages (PNG) among the scans


def scan_pdf(title: str, pages: int) -> bytes:
    from weasyprint import HTML

    from legalaid.pdf import font_config

    body = "".join(
        f'<div style="page-break-after:always"><h2>{title}</h2><p>第{n}页　本页为扫描件的文字层。</p></div>'
        for n in range(1, pages + 1)
    )
    return HTML(string=f'<body style="font-family:Noto Serif CJK SC">{body}</body>').write_pdf(
        font_config=font_config()
    )


def photo_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 2200), "white")
    draw = ImageDraw.Draw(image)
    for line in range(40):
        draw.line((120, 150 + line * 50, 1480, 150 + line * 50), fill="gray", width=3)
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def build_case(scan_count: int):
    """A closed labour case, assigned, agreement signed, closed and reviewed, with `scan_count` PDF scans."""
    import time_machine
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from cases import selectors, services
    from cases.models import CaseEvent
    from legalaid.models import Organisation
    from legalaid.roles import Role
    from tests.cases.factories import granted_application, make_roster, subsidy_standard
    from tests.factories import OrganisationFactory, make_member

    class Network:
        pass

    network = Network()
    city = OrganisationFactory(name="淮南市法律援助中心", kind=Organisation.Kind.CITY_CENTRE, division_code="340400")
    network.centre = OrganisationFactory(name="寿县法律援助中心", parent=city)
    network.workstation = OrganisationFactory(
        name="寿春镇法律援助工作站", kind=Organisation.Kind.TOWNSHIP_WORKSTATION, parent=network.centre
    )
    network.law_firm = OrganisationFactory(
        name="安徽寿州律师事务所", kind=Organisation.Kind.LAW_FIRM, parent=network.centre
    )
    staff = make_member(network.centre, Role.CENTRE_STAFF, username="bench_staff", last_name="王", first_name="爱丽")
    lawyer = make_roster(network).senior_lawyer
    subsidy_standard(amount="1500.00")
    with time_machine.travel("2026-03-10 09:30 +08:00", tick=False):
        case = services.case_open_from_application(granted_application(network, name="张𠮷"), actor=staff)
        services.case_assign(case, actor=staff, handler=lawyer, reason="擅长劳动争议")
        services.case_handler_event_log(
            case, actor=lawyer, kind=CaseEvent.Kind.AGREEMENT_SIGNED, text="", at=timezone.now(), reason=""
        )
        for n in range(1, scan_count + 1):
            title = f"证据材料{n}"
            upload = SimpleUploadedFile(f"{title}.pdf", scan_pdf(title, SCAN_PAGES), content_type="application/pdf")
            services.case_document_upload(case, actor=lawyer, title=title, upload=upload)
        for n in range(1, PHOTOS + 1):
            upload = SimpleUploadedFile(f"照片{n}.png", photo_png(), content_type="image/png")
            services.case_document_upload(case, actor=lawyer, title=f"现场照片{n}", upload=upload)
        services.case_end_record(case, actor=lawyer, case_end_date=date(2026, 3, 10), text="裁决书已送达")
        services.closing_submit(
            case,
            actor=lawyer,
            outcome="arbitration_award",
            case_end_date=date(2026, 3, 10),
            recovered_amount="23000.00",
            checked_item_ids=[item.pk for item in selectors.checklist_items(case)],
            handling_report="经仲裁，裁决用人单位支付拖欠工资二万三千元。",
        )
        services.closing_review(case, actor=staff, accept=True, note="")
    case.refresh_from_db()
    return case, staff


def terminated_case(closed, staff):
    """A second case of the same centre, assigned and then terminated (for the termination decision)."""
    from cases import services
    from cases.models import TerminationGround
    from tests.cases.factories import granted_application

    class Network:
        workstation = closed.received_by
        centre = closed.centre

    case = services.case_open_from_application(granted_application(Network, name="李龑"), actor=staff)
    services.case_assign(case, actor=staff, handler=closed.handler, reason="同类案件")
    services.case_terminate(
        case, actor=staff, ground=TerminationGround.OWN_COUNSEL, reasons="受援人已自行委托律师，申请终止法律援助。"
    )
    case.refresh_from_db()
    return case


def cooperation_request(case, staff):
    """The case's request to a centre in another province (the letter and reply are timed from it)."""
    from cases import services

    return services.cooperation_request_create(
        actor=staff,
        centre=case.centre,
        direction="outgoing",
        counterpart_name="河南省固始县法律援助中心",
        kind="investigation",
        request="请协助向固始县某建筑公司调取张𠮷的考勤记录",
        person_name="张𠮷",
        due_date=date.today() + timedelta(days=14),
        case=case,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="about how many pages the case file should have")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=55522)
    parser.add_argument("--out", type=Path, help="also write the case file PDF here, to look at")
    args = parser.parse_args()

    with postgresql(args.port) as url, tempfile.TemporaryDirectory(prefix="case-file-bench-") as tmp:
        setup_django(url, Path(tmp))
        from django.core.management import call_command
        from pypdf import PdfReader

        from cases.archive import services as archive_services
        from cases.models import CaseArchive
        from legalaid.documents import registry
        from legalaid.documents.registry import PRINTABLE

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - started:.1f} s")
        scans = max(1, -(-(args.pages - 20 - PHOTOS) // SCAN_PAGES))  # rounded up: at least --pages
        started = time.perf_counter()
        case, staff = build_case(scans)
        print(f"built a closed case with {scans} PDF scans of {SCAN_PAGES} pages and {PHOTOS} photos "
              f"in {time.perf_counter() - started:.1f} s\n")  # fmt: skip

        print(f"{'document':32} {'first ms':>9} {'warm ms':>8} {'pages':>6}")
        slow = []
        cooperation = cooperation_request(case, staff)
        # The case's own documents first (those this case has), then every other kind of a case and of a
        # cooperation request, rendered from this record whatever its state says: each document is timed.
        terminated = terminated_case(case, staff)
        documents = [(kind, case) for kind, state, _r in registry.documents_of(case) if state in PRINTABLE]
        for kind, state, _r in registry.documents_of(case):
            if state in PRINTABLE or kind.code.startswith("archive_"):
                continue
            # A kind this closed case does not have is timed on the terminated case when that one has it.
            has_it = registry.state_of(kind, terminated)[0] in PRINTABLE
            documents.append((kind, terminated if has_it else case))
        documents += [(kind, cooperation) for kind in registry.kinds_for(cooperation)]
        for kind, record in documents:
            started = time.perf_counter()
            content = registry.render_pdf(kind, record)
            first = (time.perf_counter() - started) * 1000
            times = []
            for _run in range(args.runs):
                started = time.perf_counter()
                registry.render_pdf(kind, record)
                times.append((time.perf_counter() - started) * 1000)
            warm = statistics.median(times)
            slow += [str(kind.title)] if warm >= 200 else []
            print(f"{kind.title:32} {first:9.1f} {warm:8.1f} {len(PdfReader(BytesIO(content)).pages):6d}")

        from django.db import transaction

        started = time.perf_counter()
        with transaction.atomic():
            archive = archive_services.archive_case(case, actor=staff)
            archived = time.perf_counter() - started
            started = time.perf_counter()
        # Leaving the block commits; the outbox then runs the task in-process (eager): the file is rendered here.
        rendered = time.perf_counter() - started
        archive = CaseArchive.objects.get(pk=archive.pk)
        if archive.status != CaseArchive.Status.READY:
            started = time.perf_counter()
            archive_services.render_case_file(archive.pk)
            rendered = time.perf_counter() - started
            archive = CaseArchive.objects.get(pk=archive.pk)
        with archive.pdf.open("rb") as stored:
            content = stored.read()
        reader = PdfReader(BytesIO(content))
        if args.out:
            args.out.write_bytes(content)
        last = archive.entries.order_by("-order").first()
        matches = last.page_to == len(reader.pages) and reader.pages[
            last.page_from - 1
        ].extract_text().strip().endswith(str(last.page_from))
        print(f"\narchive_case (number, checks, catalogue frozen): {archived * 1000:.0f} ms")
        print(f"case file: {len(reader.pages)} pages, {archive.entries.count()} catalogue entries, "
              f"{archive.pdf.size / 1e6:.1f} MB, rendered in {rendered:.2f} s (target < 10 s); "
              f"catalogue matches the pages: {matches}")  # fmt: skip
        print(f"documents at or over 200 ms warm: {', '.join(slow) or 'none'}")
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"load average while measuring: {load} ({os.cpu_count()} CPUs): on a shared machine, compare ratios")
        return 0 if matches else 1


if __name__ == "__main__":
    sys.exit(main())
