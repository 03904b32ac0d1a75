"""Demo data for cases at 寿县法律援助中心, built through the services so every row has its history.

Cases come from notification letters (no application needed) and from applications that this demo
files, accepts and grants through intake's and eligibility's own services. Each case then goes as far
along its life as the story needs (assigned, handled, submitted, closed with a subsidy, terminated).
Dates are then moved back so that the deadline board has overdue, due-today and coming items.

Idempotent: every demo case is keyed by its letter number or the application's submission token;
running it twice adds nothing.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from legalaid.errors import DomainError
from legalaid.kernel import history_rows
from legalaid.models import MatterCategory, Organisation, User
from legalaid.validators import id_check_char

from .. import selectors, services
from ..models import (
    Assignment,
    Case,
    CaseEvent,
    CaseTransition,
    ClosingSubmission,
    CooperationRequest,
    DutyHelp,
    HandlerChange,
    NotificationLetter,
    SubsidyExtra,
    SubsidyStandard,
    Termination,
)
from .data import APPLICATIONS, CENTRE, COURT_STATION, EXTRAS, GIVEN, LETTERS, STANDARDS, SURNAMES


def _id_number(birth: date, female: bool, serial: int) -> str:
    sequence = serial % 500 * 2 + (0 if female else 1)
    first17 = f"340422{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def seed_demo(stdout=None) -> None:
    centre = Organisation.objects.filter(name=CENTRE).first()
    users = {u.username: u for u in User.objects.filter(username__in=["staff", "director", "lawyer", "clerk"])}
    if centre is None or len(users) < 4:
        if stdout:
            stdout.write("cases: legalaid demo network missing, skipped")
        return
    rng = random.Random(2026)
    with transaction.atomic():
        _standards()
        made = [_letter_case(centre, users, row) for row in LETTERS]
        made += [_application_case(centre, users, row, rng) for row in APPLICATIONS]
        _cooperation(centre, users)
        _duty_helps(centre, users)
    if stdout:
        created = sum(1 for m in made if m)
        stdout.write(
            f"cases: {created} 件案件新建(共 {Case.objects.count()} 件),补贴标准 {SubsidyStandard.objects.count()} 条，"
            f"异地协作 {CooperationRequest.objects.count()} 件，值班律师法律帮助 {DutyHelp.objects.count()} 条"
        )


def _standards() -> None:
    if not SubsidyStandard.objects.exists():
        for case_type, stage, amount in STANDARDS:
            SubsidyStandard.objects.create(
                division_code="340400",
                case_type=case_type,
                criminal_stage=stage,
                amount=Decimal(amount),
                effective_from=date(2024, 1, 1),
                note="淮南市法律援助案件补贴标准(演示)",
            )
    if not SubsidyExtra.objects.exists():
        for kind, amount in EXTRAS:
            SubsidyExtra.objects.create(
                division_code="340400", kind=kind, amount=Decimal(amount), effective_from=date(2024, 1, 1)
            )


def _assign(case: Case, staff: User, preferred: User | None = None) -> Assignment:
    """The preferred handler when the hard rules allow, with a reason if below the top; else the top."""
    candidates = selectors.assignment_candidates(case)
    chosen = next((c for c in candidates if preferred and c.handler.user_id == preferred.pk and c.eligible), None)
    chosen = chosen or next(c for c in candidates if c.rank == 1)
    handler = User.objects.get(pk=chosen.handler.user_id)
    reason = "" if chosen.rank == 1 else "受援人所在乡镇距该律师事务所较近，便于会见和沟通。"
    return services.case_assign(case, actor=staff, handler=handler, reason=reason)


def _log(case: Case, handler: User, kind: str, text: str, **extra) -> None:
    services.case_handler_event_log(case, actor=handler, kind=kind, text=text, at=timezone.now(), **extra)


def _shift(case: Case, days: int) -> None:
    """Move the whole story of a case back by `days`, so its deadlines fall where the demo needs them."""
    if days <= 0:
        return
    delta = timedelta(days=days)

    def back(obj, *names) -> None:
        changed = [name for name in names if getattr(obj, name) is not None]
        for name in changed:
            setattr(obj, name, getattr(obj, name) - delta)
        type(obj).objects.filter(pk=obj.pk).update(**{name: getattr(obj, name) for name in changed})

    back(
        Case.objects.get(pk=case.pk),
        "assignment_due",
        "agreement_due",
        "agreement_signed_on",
        "case_end_date",
        "closing_due",
        "review_due",
        "accepted_at",
        "status_changed_at",
        "assigned_at",
        "closing_submitted_at",
        "terminated_at",
        "last_event_at",
    )
    for row in CaseTransition.objects.filter(case=case):
        back(row, "at")
    for row in CaseEvent.objects.filter(case=case):
        back(row, "at", "recorded_at")
    for row in Assignment.objects.filter(case=case):
        back(row, "assigned_at", "due")
    for row in ClosingSubmission.objects.filter(case=case):
        back(row, "submitted_at", "case_end_date", "reviewed_at")
    for row in Termination.objects.filter(case=case):
        back(row, "reported_at", "decided_at")
    for row in HandlerChange.objects.filter(case=case):
        back(row, "recorded_at", "decided_at")
    for row in NotificationLetter.objects.filter(case=case):
        back(row, "letter_date", "received_on")
    # The history of the case's other records moves with it, so no duration comes out negative.
    for record in [*case.closings.all(), *case.terminations.all(), *case.handler_changes.all()]:
        for row in history_rows(record):
            back(row, "at")


def _letter_case(centre, users, row) -> Case | None:
    number, kind, authority, accused, birth, charge, ground, stage, days_ago, plan = row
    if NotificationLetter.objects.filter(case__centre=centre, letter_number=number).exists():
        return None
    staff, lawyer = users["staff"], users["lawyer"]
    today = timezone.localdate()
    case = services.case_open_from_notification(
        actor=staff,
        centre=centre,
        authority_kind=kind,
        authority_name=authority,
        letter_number=number,
        letter_date=today,
        received_on=today,
        accused_name=accused,
        accused_birth_date=birth,
        accused_sex="M",
        charge=charge,
        ground=ground,
        criminal_stage=stage,
        detention_place="寿县看守所",
        authority_contact="承办检察官" if kind == "procuratorate" else "承办法官" if kind == "court" else "承办民警",
        authority_phone="0554-4021100",
        summary=f"{accused}涉嫌{charge},{authority}通知指派律师提供辩护。",
    )
    if plan in ("assigned", "in_progress"):
        _assign(case, staff, preferred=lawyer)
    if plan == "in_progress":
        handler = Case.objects.get(pk=case.pk).handler
        _log(case, handler, "agreement_signed", "与未成年被告人法定代理人签订委托协议和授权委托书")
        _log(case, handler, "meeting", "在寿县看守所会见被告人，告知诉讼权利，了解案情")
        _log(case, handler, "file_review", "到寿县人民法院阅卷，复制起诉书及证据材料")
    _shift(case, days_ago)
    return case


def _applicant(name: str, birth: date, female: bool, serial: int, actor: User):
    from intake.models import Person
    from intake.services import normalise_person_fields

    number = _id_number(birth, female, serial)
    person = Person.objects.filter(id_number=number).first()
    if person is None:
        fields = normalise_person_fields({"name": name, "id_number": number, "phone": f"1395540{serial:04d}"})
        person = Person.objects.create(created_by=actor, is_migrant_worker=serial in (1, 5, 7), **fields)
    return person


def _grant(application, users) -> bool:
    """Accept, means-test and grant an application through intake's and eligibility's services."""
    from eligibility.services import MemberInput, application_decide, assessment_create
    from intake import services as intake_services
    from intake.models import Application

    staff, director = users["staff"], users["director"]
    try:
        if application.status == Application.Status.RECEIVED:
            intake_services.application_accept(application, actor=staff)
        application.refresh_from_db()
        if application.status == Application.Status.UNDER_REVIEW:
            assessment_create(
                application,
                actor=staff,
                members=[MemberInput(name=application.applicant.name, relation="本人", monthly_income=Decimal("900"))],
                integrity_pledge=True,
                notes="演示：申请人务农，月收入约九百元，签署诚信承诺。",
            )
            application_decide(application, actor=director, granted=True)
    except DomainError:
        return False
    application.refresh_from_db()
    return application.status == Application.Status.GRANTED


def _application_case(centre, users, row, rng) -> Case | None:
    from intake import services as intake_services
    from intake.models import Application, Channel

    token, name, birth, female, matter, case_type, service, facts, opponent, days_ago, plan = row
    if Application.objects.filter(submission_token=token).exists():
        return None
    staff, director, lawyer = users["staff"], users["director"], users["lawyer"]
    serial = int(token.rsplit("-", 1)[1])
    applicant = _applicant(name, birth, female, serial, staff)
    application = intake_services.application_submit(
        actor=staff,
        applicant=applicant,
        channel=Channel.objects.get(code="centre_window"),
        receiving_organisation=centre,
        case_type=case_type,
        matter=MatterCategory.objects.filter(code=matter).first(),
        facts=facts,
        service_requested=service,
        opposing_parties=[{"name": opponent, "kind": "organisation" if "公司" in opponent else "person"}],
        submission_token=token,
    )
    if not _grant(application, users):
        return None
    case = services.case_open_from_application(
        application, actor=staff, mediation_first=plan in ("in_progress", "group") and case_type != "criminal"
    )
    if plan == "group":
        workers = []
        for i in range(51):
            birth = date(1970 + i % 25, 1 + i % 12, 1 + i % 27)
            workers.append(f"{SURNAMES[i % len(SURNAMES)]}{GIVEN[i % len(GIVEN)]},{_id_number(birth, False, 300 + i)}")
        lines = "\n".join(workers)
        services.case_parties_add(case, actor=staff, lines=lines)
        services.case_coordinator_set(case, actor=staff, coordinator=staff)
    if plan == "accepted":
        _shift(case, days_ago)
        return case
    _assign(case, staff, preferred=lawyer)
    case.refresh_from_db()
    handler = case.handler
    _log(case, handler, "agreement_signed", "与受援人签订委托协议和授权委托书")
    _log(case, handler, "meeting", "约见受援人，了解案情，收集证据材料")
    _log(case, handler, "risk_disclosure", "书面告知受援人诉讼(仲裁)风险及可能的结果")
    _log(case, handler, "progress_notice", "电话告知受援人案件进展及下一步安排", channel="phone")
    if plan == "group":
        _log(case, handler, "mediation", "会同镇调解委员会组织劳资双方调解", mediation_result="pending")
    if plan == "termination_reported":
        services.termination_report(
            case, actor=handler, ground="own_counsel", facts="受援人告知已另行委托律师代理本案，不再需要法律援助。"
        )
    if plan in ("submitted", "closed", "closed_paid"):
        _log(case, handler, "hearing", "出庭参加诉讼", court="寿县人民法院")
        today = timezone.localdate()
        services.case_end_record(case, actor=handler, case_end_date=today, text="判决书已送达")
        items = [item.pk for item in selectors.checklist_items(case)]
        services.closing_submit(
            case,
            actor=handler,
            outcome="judgment_won" if plan != "closed" else "mediation_agreement",
            outcome_detail="法院支持受援人的主要诉讼请求。",
            case_end_date=today,
            recovered_amount=Decimal(rng.choice(["18600.00", "42000.00", "9600.00"])),
            checked_item_ids=items,
            handling_report="接受指派后及时会见受援人、收集证据、参加庭审，依法维护了受援人的合法权益。",
        )
    if plan in ("closed", "closed_paid"):
        services.closing_review(case, actor=staff, accept=True, note="材料齐全，同意结案。")
        subsidy = Case.objects.get(pk=case.pk).subsidy
        services.subsidy_approve(subsidy, actor=director)
        if plan == "closed_paid":
            services.subsidy_mark_paid(subsidy, actor=staff, payment_reference=f"寿法援补〔2026〕{case.sequence:03d}号")
    if plan not in ("closed", "closed_paid"):  # closed ones stay in this month's subsidy list
        _shift(case, days_ago)
    return case


def _cooperation(centre, users) -> None:
    if CooperationRequest.objects.filter(centre=centre).exists():
        return
    staff = users["staff"]
    today = timezone.localdate()
    other = Organisation.objects.filter(name="凤台县法律援助中心").first()
    labour = Case.objects.filter(centre=centre, matter__code="labour").order_by("pk").first()
    services.cooperation_request_create(
        actor=staff,
        centre=centre,
        direction="outgoing",
        counterpart=other,
        counterpart_name="" if other else "凤台县法律援助中心",
        kind="investigation",
        request="请协助调取用人单位在凤台县的工商登记及社保缴纳记录。",
        person_name=labour.parties.first().name if labour else "",
        due_date=today + timedelta(days=2),
        case=labour,
    )
    incoming = services.cooperation_request_create(
        actor=staff,
        centre=centre,
        direction="incoming",
        counterpart_name="河南省固始县法律援助中心",
        kind="hardship_proof",
        request="固始县受理的农民工欠薪案件，申请人户籍在寿县，请协助核实其家庭经济状况。",
        person_name="蒋某",
        due_date=today + timedelta(days=10),
    )
    services.cooperation_answer(
        incoming, actor=staff, status="answered", answer="经寿春镇司法所核实，申请人家庭经济困难，证明已寄出。"
    )


def _duty_helps(centre, users) -> None:
    station = Organisation.objects.filter(name=COURT_STATION).first()
    if station is None or DutyHelp.objects.filter(workstation=station).exists():
        return
    lawyer = users["lawyer"]
    today = timezone.localdate()
    for days, name, charge, kinds, notes in [
        (1, "贾某", "危险驾驶罪", ["consultation", "plea_presence"], "提供法律咨询，签署认罪认罚具结书时在场。"),
        (3, "卢某", "盗窃罪", ["procedure_advice", "case_opinion"], "建议适用速裁程序，就量刑建议提出意见。"),
        (6, "姚某", "帮助信息网络犯罪活动罪", ["coercive_measure"], "代为申请变更强制措施为取保候审。"),
    ]:
        services.duty_help_record(
            actor=users["staff"],
            workstation=station,
            lawyer=lawyer,
            person_name=name,
            helped_on=today - timedelta(days=days),
            help_kinds=kinds,
            notes=notes,
            charge=charge,
        )
