"""Generated statistics data: a seeded random mix of every record the reports count.

Rows are written straight to the database (the services are tested by their own apps);
`Generated` keeps the objects so tests can count them independently, in plain Python.
"""

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from cases.models import Assignment, Case, CaseParty, DutyHelp, Outcome
from intake.models import Application, Channel, Consultation, Person
from legalaid.models import MatterCategory, Organisation
from legalaid.roles import Role
from legalaid.vocabulary import CaseType, CriminalStage, HandlerType
from supervision.models import Complaint, FollowUpVisit, QualityAssessment, QualityGrade, QualityRubric
from tests.factories import make_handler, make_member

CHINA = ZoneInfo("Asia/Shanghai")
_serial = itertools.count(1)


@dataclass
class Generated:
    consultations: list = field(default_factory=list)
    applications: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    parties: list = field(default_factory=list)
    duty_helps: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    complaints: list = field(default_factory=list)


def moment(rng: random.Random, first: date, last: date) -> datetime:
    """A random local moment between two dates, sometimes right at a month's edge."""
    days = (last - first).days
    day = first + timedelta(days=rng.randint(0, days))
    edge = rng.random()
    if edge < 0.05:
        clock = time(0, 0, 1)
    elif edge < 0.1:
        clock = time(23, 59, 59)
    else:
        clock = time(rng.randint(8, 18), rng.randint(0, 59))
    return datetime.combine(day, clock, tzinfo=CHINA)


def _person(rng: random.Random, on: date) -> Person:
    age = rng.choice([8, 15, 17, 18, 30, 45, 59, 60, 61, 75])
    # Some birthdays fall inside the reporting months, so the age on the acceptance day matters.
    birth = date(on.year - age, rng.choice([1, 2, 3, 6, 12]), rng.choice([1, 10, 15, 28]))
    foreign = rng.random() < 0.08
    return Person.objects.create(
        name=f"受援人{next(_serial)}",
        id_type=rng.choice([Person.IdType.PASSPORT, Person.IdType.RESIDENT_ID])
        if foreign
        else Person.IdType.RESIDENT_ID,
        nationality=rng.choice(["越南", "中国"]) if foreign else "中国",
        sex=rng.choice(["M", "F", "F", ""]),
        birth_date=birth if rng.random() > 0.05 else None,
        ethnicity=rng.choice(["汉族", "汉族", "回族", "", "壮族"]),
        is_disabled=rng.random() < 0.2,
        is_migrant_worker=rng.random() < 0.3,
        is_service_member=rng.random() < 0.1,
    )


def generate(network, *, seed: int = 7, first: date = date(2026, 1, 20), last: date = date(2026, 3, 8)) -> Generated:
    rng = random.Random(seed)
    out = Generated()
    staff = make_member(network.centre, Role.CENTRE_STAFF)
    lawyer = make_handler(network.law_firm, HandlerType.PRACTISING_LAWYER)
    receivers = [network.centre, network.workstation, network.other_workstation, network.other_centre, network.city]
    channels = list(Channel.objects.all())
    matters = list(MatterCategory.objects.all()[:6]) + [None]
    persons = [_person(rng, first) for _ in range(40)]

    for _ in range(80):
        out.consultations.append(
            Consultation.objects.create(
                channel=rng.choice(channels),
                organisation=rng.choice(receivers),
                taken_by=staff,
                consulted_at=moment(rng, first, last),
                question="咨询劳动报酬",
            )
        )

    for _ in range(70):
        received = moment(rng, first, last)
        status = rng.choice(list(Application.Status.values))
        decided = received + timedelta(hours=rng.randint(2, 24 * 12)) if status in ("granted", "refused") else None
        changed = decided or received + timedelta(days=rng.randint(0, 20))
        receiver = rng.choice(receivers)
        out.applications.append(
            Application.objects.create(
                number=f"SQ{next(_serial):07d}",
                applicant=rng.choice(persons),
                channel=rng.choice(channels),
                receiving_organisation=receiver,
                centre=network.other_centre if receiver == network.other_centre else network.centre,
                case_type=rng.choice(CaseType.values),
                facts="事实",
                service_requested="litigation",
                received_at=received,
                decision_due=(received + timedelta(days=7)).astimezone(CHINA).date(),
                status=status,
                status_changed_at=changed,
                decided_at=decided,
            )
        )
    granted = [a for a in out.applications if a.status == "granted"]

    rubric = QualityRubric.objects.create(name="测试标准", case_type=CaseType.CIVIL)
    for index in range(90):
        accepted = moment(rng, first, last)
        case_type = rng.choice(CaseType.values)
        source = rng.choice(Case.Source.values)
        application = granted.pop() if source == "application" and granted and rng.random() < 0.7 else None
        if application is not None:
            accepted = max(accepted, application.decided_at)
        assigned = accepted + timedelta(hours=rng.randint(1, 24 * 6)) if rng.random() < 0.8 else None
        closed = assigned + timedelta(days=rng.randint(0, 40)) if assigned and rng.random() < 0.5 else None
        receiver = rng.choice(receivers)
        case = Case.objects.create(
            number=f"AJ{next(_serial):07d}",
            number_year=2026,
            sequence=index + 1,
            centre=network.other_centre if receiver == network.other_centre else network.centre,
            received_by=receiver,
            source=source,
            application=application,
            case_type=case_type,
            criminal_stage=rng.choice(CriminalStage.values) if case_type == CaseType.CRIMINAL else "",
            matter=rng.choice(matters),
            accepted_at=accepted,
            accepted_by=staff,
            assignment_due=accepted.astimezone(CHINA).date() + timedelta(days=3),
            handler=lawyer if assigned else None,
            handler_organisation=network.law_firm if assigned else None,
            handler_type=rng.choice(HandlerType.values) if assigned else "",
            assigned_at=assigned,
            closed_at=closed,
            outcome=rng.choice(Outcome.values) if closed else "",
            recovered_amount=Decimal(rng.randint(0, 500000)) / 100 if closed else None,
            status=Case.Status.CLOSED if closed else Case.Status.ASSIGNED if assigned else Case.Status.ACCEPTED,
        )
        out.cases.append(case)
        if assigned:
            Assignment.objects.create(
                case=case,
                handler=lawyer,
                handler_organisation=network.law_firm,
                handler_type=case.handler_type,
                assigned_by=staff,
                assigned_at=assigned,
            )
        for person in rng.sample(persons, rng.randint(1, 3)):
            out.parties.append(CaseParty.objects.create(case=case, person=person, name=person.name, added_by=staff))
        if closed and rng.random() < 0.7:
            grade = rng.choice(QualityGrade.values)
            out.assessments.append(
                QualityAssessment.objects.create(
                    case=case,
                    centre=case.centre,
                    handler=lawyer,
                    rubric=rubric,
                    status=QualityAssessment.Status.FINALISED,
                    percent=Decimal(rng.randint(3000, 10000)) / 100,
                    grade=grade,
                    started_by=staff,
                    finalised_at=closed + timedelta(days=rng.randint(0, 10)),
                )
            )
        if assigned and rng.random() < 0.6:
            performed = (assigned + timedelta(days=rng.randint(0, 20))).astimezone(CHINA).date()
            out.visits.append(
                FollowUpVisit.objects.create(
                    case=case,
                    centre=case.centre,
                    occasion=FollowUpVisit.Occasion.MANUAL,
                    due_date=performed,
                    status=rng.choice(
                        [FollowUpVisit.Status.DONE, FollowUpVisit.Status.DONE, FollowUpVisit.Status.SCHEDULED]
                    ),
                    performed_on=performed,
                    satisfaction=rng.choice([None, 1, 2, 3, 4, 5, 5]),
                )
            )
        if rng.random() < 0.15:
            received_on = moment(rng, first, last).date()
            concluded = received_on + timedelta(days=rng.randint(1, 30)) if rng.random() < 0.6 else None
            out.complaints.append(
                Complaint.objects.create(
                    centre=case.centre,
                    case=case if rng.random() < 0.7 else None,
                    target=Complaint.Target.HANDLER,
                    complainant_kind=Complaint.ComplainantKind.AIDED_PERSON,
                    complainant_name="投诉人",
                    channel=Complaint.Channel.PHONE,
                    received_on=received_on,
                    summary="未及时联系",
                    accept_due=received_on + timedelta(days=7),
                    concluded_on=concluded,
                    outcome=rng.choice(Complaint.Outcome.values) if concluded else "",
                    registered_by=staff,
                )
            )

    workstations = [network.workstation, network.other_workstation, network.centre]
    for _ in range(30):
        out.duty_helps.append(
            DutyHelp.objects.create(
                workstation=rng.choice(workstations),
                centre=network.centre,
                lawyer=lawyer,
                person_name="被帮助人",
                helped_on=moment(rng, first, last).date(),
                notes="提供法律咨询",
                recorded_by=staff,
            )
        )
    return out


def subtree_ids(organisation: Organisation) -> set[int]:
    return set(organisation.subtree().values_list("pk", flat=True))
