"""Province-scale statistics data: 1,000,000 cases over five years with their applications,
persons, events, assignments, quality assessments, follow-up visits, consultations, duty-lawyer
help and complaints, written with PostgreSQL COPY.

Used by `bench/statistics_report.py`; run alone against an empty migrated PostgreSQL database:

    DATABASE_URL=postgres://... .venv/bin/python bench/statistics_data.py [--cases 1000000] [--years 5]

Cities of 8 county centres; each county has 12 township workstations, a court, procuratorate and
detention-centre workstation, 4 law firms and a legal service office; each city has a forensic
institute. Volumes follow the seeds: about twice as many consultations as cases.

The network grows with the volume, as a real one does: a county centre takes about 2,500 cases a
year, so 100,000 cases over five years are one city of 8 counties and 1,000,000 are 10 cities of
80 counties (`counties=` fixes the number instead: the statistics benchmark puts every case in one
city to time the largest report). The open work is what the law's time limits leave open at any
one time, not a share of the whole history: an application is decided within days (those still
under review were received in the last 10 days), every assigned case ends within 20–300 days,
and every closed case is scored (案件质量评定: every case against its type's standard) within
40 days of closing, so the quality queue holds the last weeks' closings only.
"""

import argparse
import importlib
import json
import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from pg import setup_django

CHINA = ZoneInfo("Asia/Shanghai")
COUNTIES = ["寿县", "凤台县", "大通区", "田家庵区", "谢家集区", "八公山区", "潘集区", "毛集实验区"]
COUNTIES_PER_CITY = len(COUNTIES)
# Anhui's cities, 淮南 (whose counties are named above) first; the others' counties are numbered.
CITIES = [
    ("淮南市", "3404"), ("合肥市", "3401"), ("芜湖市", "3402"), ("蚌埠市", "3403"), ("马鞍山市", "3405"),
    ("淮北市", "3406"), ("铜陵市", "3407"), ("安庆市", "3408"), ("黄山市", "3410"), ("滁州市", "3411"),
    ("阜阳市", "3412"), ("宿州市", "3413"), ("六安市", "3415"), ("亳州市", "3416"), ("池州市", "3417"),
    ("宣城市", "3418"),
]  # fmt: skip
CASES_PER_COUNTY_YEAR = 2_500
TOWNSHIPS = 12

# Names, ID numbers and phones are derived from the person's key, so parties and consultations repeat
# them without keeping a million strings; the mix (a surname of 63, one or two given characters of 64)
# makes "胡" match about 1 in 60 people and a given-name pair such as "小军" about 1 in 6,000.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
    "彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾"
)
GIVEN = (
    "小军伟芳娜敏静丽强磊洋艳勇杰娟涛明超秀霞平刚桂英华玉兰萍红建文国志海云凤荣新春梅"
    "林斌宇浩凯鹏飞晨雪琳欣悦婷颖佳慧喆堃龑㛃德福安宁"
)


def _mix(pk: int) -> int:
    return (pk * 2654435761) % 4294967296


def person_name(pk: int) -> str:
    h = _mix(pk)
    given = GIVEN[h % len(GIVEN)] + (GIVEN[(h >> 8) % len(GIVEN)] if (h >> 16) % 10 < 7 else "")
    return SURNAMES[(h >> 20) % len(SURNAMES)] + given


def person_id_number(pk: int, birth: date) -> str:
    body = f"3404{21 + pk % 8:02d}{birth:%Y%m%d}{pk % 1000:03d}"
    total = sum(int(d) * w for d, w in zip(body, [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], strict=True))
    return body + "10X98765432"[total % 11]


def person_phone(pk: int) -> str:
    return f"1{3 + pk % 7}{_mix(pk) % 1_000_000_000:09d}"


def person_birth(pk: int) -> date:
    h = _mix(pk + 7)
    return date(1935 + h % 85, 1 + (h >> 8) % 12, 1 + (h >> 12) % 28)


HANDLERS_PER_COUNTY = 60


def _text(value) -> str:
    """A value in COPY's text format (the generated strings hold no tabs, newlines or backslashes)."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def copy_model(model, columns: list[str], rows, *, log=print) -> int:
    """COPY rows into the model's table; NOT NULL columns not given get their field default."""
    from django.db import connection
    from django.db.models import JSONField

    given = set(columns)
    fill = {}
    for field in model._meta.concrete_fields:
        if field.column in given or field.primary_key or field.null:
            continue
        default = field.get_default()
        fill[field.column] = json.dumps(default) if isinstance(field, JSONField) else default
    extra = tuple(fill.values())
    names = ", ".join(f'"{name}"' for name in [*columns, *fill])
    started, count = time.perf_counter(), 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy:
        lines = []
        for row in rows:
            lines.append("\t".join(map(_text, row + extra)))
            count += 1
            if len(lines) == 20000:
                copy.write("\n".join(lines) + "\n")
                lines.clear()
        if lines:
            copy.write("\n".join(lines) + "\n")
    log(f"  {model._meta.db_table}: {count:,} rows in {time.perf_counter() - started:.1f} s")
    return count


def reset_sequences(*models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def counties_for(cases: int, years: int) -> int:
    """As many county centres as take this volume at a real county's pace, in whole cities."""
    wanted = max(COUNTIES_PER_CITY, round(cases / (years * CASES_PER_COUNTY_YEAR)))
    return min(len(CITIES), -(-wanted // COUNTIES_PER_CITY)) * COUNTIES_PER_CITY


def build_network(county_count: int = COUNTIES_PER_CITY):
    """The organisations and people, through the ORM (a few hundred rows a city); the first city's
    director is `bench_director`, its first county's staff `bench_staff_0`."""
    from django.contrib.auth.models import Group

    from legalaid.models import HandlerProfile, Organisation, User, UserProfile
    from legalaid.roles import Role, group_name
    from legalaid.vocabulary import HandlerType

    Kind = Organisation.Kind
    cities = []
    for number, (city_name, city_code) in enumerate(CITIES[: -(-county_count // COUNTIES_PER_CITY)]):
        city = Organisation.objects.create(
            name=f"{city_name}法律援助中心", kind=Kind.CITY_CENTRE, division_code=f"{city_code}00"
        )
        institute = Organisation.objects.create(
            name=f"{city_name}司法鉴定中心", kind=Kind.FORENSIC_INSTITUTE, parent=city, division_code=f"{city_code}00"
        )
        director = User.objects.create(
            username="bench_director" if number == 0 else f"bench_director_{number}", last_name="市", first_name="主任"
        )
        UserProfile.objects.create(user=director, organisation=city, role=Role.CENTRE_DIRECTOR)
        director.groups.add(Group.objects.get(name=group_name(Role.CENTRE_DIRECTOR)))
        cities.append((city, city_name, city_code, institute, director))
    counties = []
    types = (
        [HandlerType.PRACTISING_LAWYER] * 6
        + [HandlerType.LEGAL_SERVICE_WORKER] * 2
        + [
            HandlerType.CENTRE_LAWYER,
            HandlerType.NOTARY,
            HandlerType.VOLUNTEER,
        ]
    )
    for index in range(county_count):
        city, city_name, city_code, institute, _director = cities[index // COUNTIES_PER_CITY]
        within = index % COUNTIES_PER_CITY
        name = COUNTIES[within] if index < COUNTIES_PER_CITY else f"{city_name[:-1]}第{within + 1}县"
        code = f"{city_code}{within + 1:02d}"
        centre = Organisation.objects.create(
            name=f"{name}法律援助中心", kind=Kind.COUNTY_CENTRE, parent=city, division_code=code
        )
        townships = [
            Organisation.objects.create(
                name=f"{name}第{n + 1}镇法律援助工作站",
                kind=Kind.TOWNSHIP_WORKSTATION,
                parent=centre,
                division_code=code,
            )
            for n in range(TOWNSHIPS)
        ]
        court = [
            Organisation.objects.create(name=f"{name}{label}", kind=kind, parent=centre, division_code=code)
            for label, kind in (
                ("驻法院工作站", Kind.COURT_WORKSTATION),
                ("驻检察院工作站", Kind.PROCURATORATE_WORKSTATION),
                ("驻看守所工作站", Kind.DETENTION_WORKSTATION),
            )
        ]
        firms = [
            Organisation.objects.create(
                name=f"{name}第{n + 1}律师事务所", kind=Kind.LAW_FIRM, parent=centre, division_code=code
            )
            for n in range(4)
        ] + [
            Organisation.objects.create(
                name=f"{name}法律服务所", kind=Kind.LEGAL_SERVICE_OFFICE, parent=centre, division_code=code
            )
        ]
        staff = User.objects.create(username=f"bench_staff_{index}", last_name=name, first_name="工作人员")
        UserProfile.objects.create(user=staff, organisation=centre, role=Role.CENTRE_STAFF)
        handlers = []
        for n in range(HANDLERS_PER_COUNTY):
            user = User.objects.create(username=f"bench_h_{index}_{n}", last_name=name[:1], first_name=f"律师{n}")
            firm = institute if n == 0 else firms[n % len(firms)]
            htype = HandlerType.FORENSIC_EXPERT if n == 0 else types[n % len(types)]
            UserProfile.objects.create(user=user, organisation=firm, role=Role.HANDLER)
            HandlerProfile.objects.create(user=user, handler_type=htype)
            handlers.append((user.pk, firm.pk, htype))
        counties.append(
            {"centre": centre, "townships": townships, "court": court, "staff": staff.pk, "handlers": handlers}
        )
    first_city, *_rest, first_director = cities[0]
    return first_city, first_director, counties


def generate(
    cases: int = 1_000_000,
    years: int = 5,
    seed: int = 2026,
    today: date | None = None,
    counties: int | None = None,
    log=print,
) -> dict:
    from django.db import connection

    from cases.models import Assignment, Case, CaseEvent, CaseParty, DutyHelp
    from cases.models.case import LAST_EVENT_FILL_SQL
    from intake.models import Application, Channel, Consultation, Person, PersonAppearance
    from legalaid.models import MatterCategory
    from legalaid.vocabulary import CaseType, CriminalStage
    from supervision.models import Complaint, FollowUpVisit, QualityAssessment, QualityRubric

    rng = random.Random(seed)
    today = today or datetime.now(CHINA).date()
    end = datetime.combine(today, datetime.min.time(), tzinfo=CHINA) + timedelta(hours=18)
    span = years * 365 * 86400
    start = end - timedelta(seconds=span)
    county_count = counties or counties_for(cases, years)
    log(f"network ({county_count} counties) ...")
    city, director, counties = build_network(county_count)
    rubric = QualityRubric.objects.create(name="民事案件质量标准", case_type=CaseType.CIVIL)
    app_channels = list(Channel.objects.filter(for_application=True).values_list("pk", flat=True))
    consult_channels = list(Channel.objects.filter(for_consultation=True).values_list("pk", flat=True))
    matters = list(MatterCategory.objects.values_list("pk", flat=True)) + [None] * 3
    case_types = (
        ["civil"] * 45
        + ["criminal"] * 30
        + ["labour_arbitration"] * 12
        + ["administrative"] * 5
        + ["non_litigation"] * 8
    )
    stages = list(CriminalStage.values)
    outcomes = [
        "judgment_won",
        "judgment_partly",
        "mediation_agreement",
        "settlement",
        "arbitration_award",
        "withdrawn",
        "other",
    ]
    criminal_outcomes = ["sentence", "lighter_sentence", "acquittal", "not_prosecuted"]
    grades = ["excellent"] * 3 + ["good"] * 4 + ["pass"] * 2 + ["fail"]
    ethnicities = ["汉族"] * 18 + ["回族", "壮族"]

    def when() -> datetime:
        # Volumes grow a little year on year.
        return start + timedelta(seconds=int(span * rng.random() ** 0.9))

    persons = int(cases * 1.05)
    log(f"persons {persons:,} ...")

    def person_rows():
        for pk in range(1, persons + 1):
            foreign = rng.random() < 0.01
            birth = person_birth(pk)
            yield (
                pk,
                person_name(pk),
                "passport" if foreign else "resident_id",
                f"E{pk:08d}" if foreign else person_id_number(pk, birth),
                person_phone(pk),
                "F" if rng.random() < 0.45 else "M",
                birth,
                rng.choice(ethnicities),
                "越南" if foreign else "中国",
                rng.random() < 0.06,
                rng.random() < 0.2,
                rng.random() < 0.03,
                start,
            )

    copy_model(
        Person,
        [
            "id",
            "name",
            "id_type",
            "id_number",
            "phone",
            "sex",
            "birth_date",
            "ethnicity",
            "nationality",
            "is_disabled",
            "is_migrant_worker",
            "is_service_member",
            "created_at",
        ],
        person_rows(),
        log=log,
    )

    # Applications: one per case opened on application, plus refused and withdrawn ones.
    log("applications and cases ...")
    application_rows, case_rows = [], []
    app_id = 0
    sequence = {}
    for case_id in range(1, cases + 1):
        county = rng.choice(counties)
        centre = county["centre"].pk
        accepted = when()
        case_type = rng.choice(case_types)
        notification = case_type == "criminal" and rng.random() < 0.6
        application_id = None
        if notification:
            source, receiver = rng.choice(["court", "court", "procuratorate", "police"]), centre
        else:
            source = "application"
            receiver = rng.choice(county["townships"] + [county["centre"]] * 4 + county["court"]).pk
            received = accepted - timedelta(hours=rng.randint(4, 24 * 10))
            decided = accepted - timedelta(minutes=rng.randint(5, 600))
            app_id += 1
            application_id = app_id
            application_rows.append((app_id, received, decided, receiver, centre, case_type, "granted"))
        seq = sequence[centre] = sequence.get(centre, 0) + 1
        assigned = (
            accepted + timedelta(hours=rng.randint(1, 24 * 5))
            if accepted < end - timedelta(days=2) or rng.random() < 0.3
            else None
        )
        closed = None
        if assigned:
            closed = assigned + timedelta(days=rng.randint(20, 300))
            if closed > end:
                closed = None
        handler, firm, htype = rng.choice(county["handlers"]) if assigned else (None, None, "")
        outcome = (rng.choice(criminal_outcomes) if case_type == "criminal" else rng.choice(outcomes)) if closed else ""
        recovered = (
            Decimal(rng.randint(0, 8_000_000)) / 100
            if closed and case_type != "criminal"
            else (Decimal(0) if closed else None)
        )
        status = "closed" if closed else ("assigned" if assigned else "accepted")
        case_rows.append(
            (
                case_id,
                f"({accepted.year})援{centre}-{seq}",
                accepted.year,
                seq,
                centre,
                receiver,
                source,
                application_id,
                case_type,
                rng.choice(stages) if case_type == "criminal" else "",
                rng.choice(matters),
                status,
                accepted,
                accepted,
                county["staff"],
                (accepted + timedelta(days=3)).astimezone(CHINA).date(),
                handler,
                firm,
                htype,
                assigned,
                closed,
                outcome,
                recovered,
            )
        )
    # Applications that did not become cases.
    for _ in range(cases // 6):
        county = rng.choice(counties)
        received = when()
        status = rng.choice(["refused", "withdrawn", "deemed_withdrawn", "refused", "under_review"])
        if status == "under_review" and received < end - timedelta(days=10):
            status = rng.choice(["refused", "withdrawn", "deemed_withdrawn"])
        receiver = rng.choice(county["townships"] + [county["centre"]] * 4).pk
        decided = received + timedelta(hours=rng.randint(4, 24 * 9)) if status == "refused" else None
        app_id += 1
        application_rows.append(
            (app_id, received, decided, receiver, county["centre"].pk, rng.choice(case_types), status)
        )

    def app_rows():
        for pk, received, decided, receiver, centre, case_type, status in application_rows:
            changed = decided or received + timedelta(days=rng.randint(1, 30))
            applicant = rng.randint(1, persons)
            yield (
                pk,
                f"SQ{pk:08d}",
                applicant,
                person_name(applicant),
                rng.choice(app_channels),
                receiver,
                centre,
                case_type,
                "",
                "litigation",
                received,
                (received + timedelta(days=7)).astimezone(CHINA).date(),
                status,
                changed,
                decided,
            )

    copy_model(
        Application,
        [
            "id",
            "number",
            "applicant_id",
            "applicant_name",
            "channel_id",
            "receiving_organisation_id",
            "centre_id",
            "case_type",
            "facts",
            "service_requested",
            "received_at",
            "decision_due",
            "status",
            "status_changed_at",
            "decided_at",
        ],
        app_rows(),
        log=log,
    )

    def party_rows_():
        for row in case_rows:
            count = 2 if rng.random() < 0.12 else 1
            for n in range(count):
                person = rng.randint(1, persons)
                yield (row[0], person, person_name(person), person_id_number(person, person_birth(person)), n == 0,
                       row[12], row[14])  # fmt: skip

    seen = set()

    def unique_parties():
        for row in party_rows_():
            key = (row[0], row[1])
            if key not in seen:
                seen.add(key)
                yield row

    # Each case is written with its aided persons' names (Case.aided_names), as add_party keeps them.
    parties = list(unique_parties())
    seen.clear()
    names: dict[int, list[str]] = {}
    for party in parties:
        names.setdefault(party[0], []).append(party[2])
    copy_model(
        Case,
        [
            "id",
            "number",
            "number_year",
            "sequence",
            "centre_id",
            "received_by_id",
            "source",
            "application_id",
            "case_type",
            "criminal_stage",
            "matter_id",
            "status",
            "status_changed_at",
            "accepted_at",
            "accepted_by_id",
            "assignment_due",
            "handler_id",
            "handler_organisation_id",
            "handler_type",
            "assigned_at",
            "closed_at",
            "outcome",
            "recovered_amount",
            "aided_names",
        ],
        (row + (" ".join(names.get(row[0], [])),) for row in case_rows),
        log=log,
    )

    copy_model(
        CaseParty,
        ["case_id", "person_id", "name", "id_number", "is_primary", "added_at", "added_by_id"],
        iter(parties),
        log=log,
    )
    del parties, names

    def event_rows_():
        for row in case_rows:
            if row[19]:
                yield (
                    row[0],
                    "meeting",
                    row[19] + timedelta(days=2),
                    row[16],
                    "会见受援人",
                    row[19] + timedelta(days=2),
                )
            if row[20]:
                yield (row[0], "case_ended", row[20] - timedelta(days=3), row[16], "案件办结", row[20])

    copy_model(CaseEvent, ["case_id", "kind", "at", "actor_id", "text", "recorded_at"], event_rows_(), log=log)
    # Each case's latest entry, as CaseEvent.save keeps it (and the migration fills it).
    with connection.cursor() as cursor:
        cursor.execute(LAST_EVENT_FILL_SQL["postgresql"])

    def assignment_rows_():
        for row in case_rows:
            if row[19]:
                yield (row[0], row[16], row[17], row[18], "recommended", row[14], row[19], row[15])

    copy_model(
        Assignment,
        [
            "case_id",
            "handler_id",
            "handler_organisation_id",
            "handler_type",
            "method",
            "assigned_by_id",
            "assigned_at",
            "due",
        ],
        assignment_rows_(),
        log=log,
    )

    def assessment_rows():
        for row in case_rows:
            if row[20]:
                finalised = row[20] + timedelta(days=rng.randint(1, 40))
                if finalised < end:
                    yield (
                        row[0],
                        row[4],
                        row[16],
                        rubric.pk,
                        "finalised",
                        Decimal(rng.randint(4000, 10000)) / 100,
                        rng.choice(grades),
                        row[14],
                        row[20],
                        finalised,
                    )

    copy_model(
        QualityAssessment,
        [
            "case_id",
            "centre_id",
            "handler_id",
            "rubric_id",
            "status",
            "percent",
            "grade",
            "started_by_id",
            "started_at",
            "finalised_at",
        ],
        assessment_rows(),
        log=log,
    )
    # Each assessed case's mark, as QualityAssessment.save keeps it (and the migration fills it).
    assessed = importlib.import_module("cases.migrations.0025_case_assessed_at")
    with connection.cursor() as cursor:
        cursor.execute(assessed.FILL_SQL["postgresql"])

    def visit_rows():
        for row in case_rows:
            if row[19]:
                day = (row[19] + timedelta(days=7)).astimezone(CHINA).date()
                if day < today:
                    yield (
                        row[0],
                        row[4],
                        row[16],
                        "after_assignment",
                        day,
                        "done",
                        day,
                        rng.choice([5, 5, 4, 4, 3, 2, None]),
                        row[19],
                    )
            if row[20]:
                day = (row[20] + timedelta(days=10)).astimezone(CHINA).date()
                if day < today:
                    yield (
                        row[0],
                        row[4],
                        row[16],
                        "after_closing",
                        day,
                        "done",
                        day,
                        rng.choice([5, 4, 4, 3, 1, None]),
                        row[20],
                    )

    copy_model(
        FollowUpVisit,
        [
            "case_id",
            "centre_id",
            "handler_id",
            "occasion",
            "due_date",
            "status",
            "performed_on",
            "satisfaction",
            "scheduled_at",
        ],
        visit_rows(),
        log=log,
    )

    def complaint_rows():
        for row in case_rows:
            if row[19] and rng.random() < 0.01:
                received = (row[19] + timedelta(days=rng.randint(5, 60))).astimezone(CHINA).date()
                if received >= today:
                    continue
                concluded = received + timedelta(days=rng.randint(3, 40))
                concluded = concluded if concluded < today else None
                yield (
                    row[4],
                    row[0],
                    "handler",
                    row[16],
                    "aided_person",
                    "投诉人",
                    "phone",
                    received,
                    "投诉",
                    "replied" if concluded else "accepted",
                    received + timedelta(days=7),
                    concluded,
                    rng.choice(["upheld", "partly", "not_upheld"]) if concluded else "",
                    row[14],
                    row[19],
                )

    copy_model(
        Complaint,
        [
            "centre_id",
            "case_id",
            "target",
            "handler_id",
            "complainant_kind",
            "complainant_name",
            "channel",
            "received_on",
            "summary",
            "status",
            "accept_due",
            "concluded_on",
            "outcome",
            "registered_by_id",
            "registered_at",
        ],
        complaint_rows(),
        log=log,
    )

    def consultation_rows():
        for _ in range(cases * 2):
            county = rng.choice(counties)
            org = rng.choice(county["townships"] + [county["centre"]] * 6).pk
            # Four in ten consultations are by a registered person; the others leave a name and phone.
            person = rng.randint(1, persons) if rng.random() < 0.4 else None
            visitor = rng.randint(persons + 1, 3 * persons)
            yield (
                rng.choice(consult_channels),
                org,
                county["centre"].pk,
                county["staff"],
                when(),
                "咨询",
                "answered",
                person,
                person_name(person) if person else "",
                "" if person else person_name(visitor),
                "" if person else person_phone(visitor),
            )

    copy_model(
        Consultation,
        [
            "channel_id",
            "organisation_id",
            "centre_id",
            "taken_by_id",
            "consulted_at",
            "question",
            "outcome",
            "person_id",
            "person_name",
            "visitor_name",
            "visitor_phone",
        ],
        consultation_rows(),
        log=log,
    )

    def duty_rows():
        for _ in range(cases // 2):
            county = rng.choice(counties)
            moment = when()
            handler = rng.choice(county["handlers"])
            yield (
                rng.choice(county["court"]).pk,
                county["centre"].pk,
                handler[0],
                "被帮助人",
                moment.astimezone(CHINA).date(),
                "法律咨询",
                county["staff"],
                moment,
            )

    copy_model(
        DutyHelp,
        [
            "workstation_id",
            "centre_id",
            "lawyer_id",
            "person_name",
            "helped_on",
            "notes",
            "recorded_by_id",
            "recorded_at",
        ],
        duty_rows(),
        log=log,
    )
    reset_sequences(Person, Application, Case)
    # Where each person appears (intake.PersonAppearance), which the records' save() writes and COPY does
    # not: filled as the migration that made the table fills an existing database.
    started = time.perf_counter()
    appearances = importlib.import_module("intake.migrations.0016_person_appearance")
    appearances.fill_appearances(None, SimpleNamespace(connection=connection))
    rows = PersonAppearance.objects.count()
    log(f"  intake_personappearance: {rows:,} rows in {time.perf_counter() - started:.1f} s")
    return {"city": city, "director": director, "today": today}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--counties", type=int, help="county centres (default: as many as the volume takes)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("set DATABASE_URL to an empty, migrated PostgreSQL database")
    setup_django(os.environ["DATABASE_URL"], Path(tempfile.mkdtemp(prefix="statistics-data-")))
    from django.db import connection

    started = time.perf_counter()
    generate(args.cases, args.years, counties=args.counties)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
