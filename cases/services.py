"""Every write and every state change of a case.

Each transition: takes `actor=`, runs in one transaction, locks the case row, checks the
current status and the actor's permission, raises `DomainError` (in Chinese) when not
allowed, saves with `update_fields`, writes a `CaseTransition` row and leaves side effects
to `transaction.on_commit`.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from legalaid.errors import DomainError
from legalaid.models import MatterCategory, Organisation, User
from legalaid.uploads import validate_scan
from legalaid.validators import normalise_id_number, parse_resident_id
from legalaid.vocabulary import CaseType, CriminalStage

from . import deadlines, hooks, rules, selectors
from .models import (
    CRIMINAL_OUTCOMES,
    Assignment,
    Case,
    CaseDocument,
    CaseEvent,
    CaseNumberCounter,
    CaseNumberSetting,
    CaseParty,
    CaseTransition,
    ClosingSubmission,
    CooperationRequest,
    DutyHelp,
    HandlerChange,
    NotificationGround,
    NotificationLetter,
    Outcome,
    Subsidy,
    SubsidyExtra,
    SubsidyStandard,
    SubsidyTransition,
    Termination,
    TerminationGround,
)
from .numbering import DEFAULT_PATTERN, default_region, format_case_number

Status = Case.Status

# ---------------------------------------------------------------- helpers


def _require(actor, permission: str, action: str) -> None:
    if not actor.has_perm(permission):
        raise DomainError(f"您没有{action}的权限。")


def _in_scope(actor, case: Case) -> None:
    if not selectors.user_may_act_on(actor, case):
        raise DomainError("该案件不在您的管辖范围内。")


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _refuse(case: Case, action: str) -> DomainError:
    return DomainError(f"案件 {case.number} 当前状态为“{case.get_status_display()}”,不能{action}。")


def _move(case: Case, *, actor, to: str, reason: str = "", fields: tuple[str, ...] = ()) -> CaseTransition:
    from_status = case.status
    now = timezone.now()
    case.status = to
    case.status_changed_at = now
    case.save(update_fields=["status", "status_changed_at", *fields])
    return CaseTransition.objects.create(
        case=case, actor=actor, from_status=from_status, to_status=to, reason=reason, at=now
    )


def _require_handler(actor, case: Case, action: str) -> None:
    _require(actor, "cases.handle_case", action)
    if case.handler_id != actor.pk:
        raise DomainError(f"只有本案承办人才能{action}。")


def _today() -> date:
    return timezone.localdate()


def _not_future(value: date, label: str, field: str) -> None:
    if value > _today():
        raise DomainError(f"{label}不能晚于今天。", field=field)


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", "").strip() or "0")
    except (InvalidOperation, ValueError) as exc:
        raise DomainError("金额必须是数字,如 12000 或 12000.50。", field=field) from exc
    if not amount.is_finite():
        raise DomainError("金额必须是数字,如 12000 或 12000.50。", field=field)
    if amount < 0:
        raise DomainError("金额不能为负数。", field=field)
    if amount != amount.quantize(rules.CENT):
        raise DomainError("金额最多保留两位小数(精确到分)。", field=field)
    if amount >= Decimal("1000000000000"):
        raise DomainError("金额过大,请核对。", field=field)
    return amount


# ---------------------------------------------------------------- numbering and opening


def case_number_allocate(centre: Organisation, case_type: str, year: int) -> tuple[str, int]:
    """The next number of a centre's series for the year and type. Call inside the opening transaction:
    the counter row stays locked until it commits, so concurrent openings queue and never skip or repeat."""
    counter, _created = CaseNumberCounter.objects.get_or_create(centre=centre, year=year, case_type=case_type)
    counter = CaseNumberCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    setting = CaseNumberSetting.objects.filter(centre=centre).first()
    pattern = setting.pattern if setting else DEFAULT_PATTERN
    region = (setting.region if setting else "") or default_region(centre.division_code)
    number = format_case_number(pattern, year=year, region=region, case_type=case_type, seq=counter.last_value)
    return number, counter.last_value


def _check_centre(actor, centre: Organisation) -> None:
    if not centre.is_centre:
        raise DomainError("案件只能由法律援助中心受理。", field="centre")
    if not selectors.centres_for_user(actor).filter(pk=centre.pk).exists():
        raise DomainError("您不能为该中心受理案件。", field="centre")


def _create_case(
    *,
    actor,
    centre: Organisation,
    received_by: Organisation,
    source: str,
    case_type: str,
    criminal_stage: str,
    matter: MatterCategory | None,
    summary: str,
    possible_penalty: str,
    mediation_first: bool,
    clock_start: date,
    reason: str,
) -> Case:
    if case_type != CaseType.CRIMINAL and (criminal_stage or possible_penalty):
        raise DomainError("只有刑事案件才填写诉讼阶段和可能判处的刑罚。", field="criminal_stage")
    if case_type == CaseType.CRIMINAL and not criminal_stage:
        raise DomainError("刑事案件须选择诉讼阶段。", field="criminal_stage")
    if mediation_first and case_type == CaseType.CRIMINAL:
        raise DomainError("先行调解只适用于简单的非刑事案件。", field="mediation_first")
    now = timezone.now()
    year = timezone.localtime(now).year
    number, sequence = case_number_allocate(centre, case_type, year)
    case = Case.objects.create(
        number=number,
        number_year=year,
        sequence=sequence,
        centre=centre,
        received_by=received_by,
        source=source,
        case_type=case_type,
        criminal_stage=criminal_stage,
        matter=matter,
        summary=summary,
        possible_penalty=possible_penalty,
        mediation_first=mediation_first,
        status=Status.ACCEPTED,
        status_changed_at=now,
        accepted_at=now,
        accepted_by=actor,
        assignment_due=deadlines.assignment_due(clock_start),
    )
    CaseTransition.objects.create(
        case=case, actor=actor, from_status="", to_status=Status.ACCEPTED, reason=reason, at=now
    )
    return case


def case_open_from_notification(
    *,
    actor,
    centre: Organisation,
    authority_kind: str,
    authority_name: str,
    letter_number: str,
    letter_date: date,
    received_on: date,
    accused_name: str,
    charge: str,
    ground: str,
    criminal_stage: str,
    accused_id_number: str = "",
    accused_birth_date: date | None = None,
    accused_sex: str = "",
    possible_penalty: str = "",
    detention_place: str = "",
    authority_contact: str = "",
    authority_phone: str = "",
    authority_address: str = "",
    summary: str = "",
) -> Case:
    """Open a notification-defence case (LAL 25, 28, 36): no application and no means test.

    The 3-day assignment clock runs from the day the centre received the letter.
    """
    _require(actor, "cases.open_case", "受理案件")
    _check_centre(actor, centre)
    if authority_kind not in NotificationLetter.Authority.values:
        raise DomainError("请选择通知机关类别。", field="authority_kind")
    if ground not in NotificationGround.values:
        raise DomainError("请选择通知辩护的情形。", field="ground")
    if criminal_stage not in CriminalStage.values:
        raise DomainError("请选择刑事诉讼阶段。", field="criminal_stage")
    _not_future(letter_date, "通知书日期", "letter_date")
    _not_future(received_on, "收到日期", "received_on")
    if received_on < letter_date:
        raise DomainError("收到日期不能早于通知书日期。", field="received_on")
    accused_id_number = normalise_id_number(accused_id_number)
    if accused_id_number:
        try:
            parsed = parse_resident_id(accused_id_number)
        except ValidationError as exc:
            raise DomainError(exc.messages[0], field="accused_id_number") from exc
        if accused_birth_date and accused_birth_date != parsed.birth_date:
            raise DomainError("出生日期与身份证号码不符,请核对。", field="accused_birth_date")
        accused_birth_date, accused_sex = parsed.birth_date, parsed.sex
    if ground == NotificationGround.LIFE_OR_DEATH and not possible_penalty:
        possible_penalty = Case.Penalty.LIFE
    if ground == NotificationGround.DEATH_PENALTY_REVIEW:
        criminal_stage = CriminalStage.DEATH_PENALTY_REVIEW
    with transaction.atomic():
        duplicate = NotificationLetter.objects.filter(
            case__centre=centre, authority_name=authority_name.strip(), letter_number=letter_number.strip()
        ).first()
        if duplicate:
            raise DomainError(f"该通知书已登记为案件 {duplicate.case.number},请勿重复受理。", field="letter_number")
        case = _create_case(
            actor=actor,
            centre=centre,
            received_by=centre,
            source=authority_kind,
            case_type=CaseType.CRIMINAL,
            criminal_stage=criminal_stage,
            matter=MatterCategory.objects.filter(code="criminal_defence").first(),
            summary=summary,
            possible_penalty=possible_penalty,
            mediation_first=False,
            clock_start=received_on,
            reason=f"{authority_name}{letter_number}通知辩护,{NotificationGround(ground).label}",
        )
        NotificationLetter.objects.create(
            case=case,
            authority_kind=authority_kind,
            authority_name=authority_name.strip(),
            letter_number=letter_number.strip(),
            letter_date=letter_date,
            received_on=received_on,
            authority_contact=authority_contact,
            authority_phone=authority_phone,
            authority_address=authority_address,
            accused_name=accused_name.strip(),
            accused_id_number=accused_id_number,
            accused_birth_date=accused_birth_date,
            accused_sex=accused_sex,
            charge=charge,
            ground=ground,
            detention_place=detention_place,
        )
        accused = _person_for(
            actor=actor,
            name=accused_name.strip(),
            id_number=accused_id_number,
            birth_date=accused_birth_date,
            sex=accused_sex,
        )
        _add_party(case, actor=actor, person=accused, is_primary=True)
    return case


def case_open_from_application(
    application,
    *,
    actor,
    mediation_first: bool = False,
    possible_penalty: str = "",
    summary: str = "",
) -> Case:
    """Open the case of a granted application; the 3-day assignment clock runs from the decision (LAL 43)."""
    from intake.models import Application

    _require(actor, "cases.open_case", "受理案件")
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("centre", "applicant").get(pk=application.pk)
        )
        existing = Case.objects.filter(application=application).first()
        if existing is not None:
            raise DomainError(f"申请 {application.number} 已立案为 {existing.number},不能重复受理。")
        if application.status != Application.Status.GRANTED:
            raise DomainError(
                f"申请 {application.number} 当前状态为“{application.get_status_display()}”,"
                "只有准予法律援助的申请才能立案指派。"
            )
        _check_centre(actor, application.centre)
        decided_on = timezone.localdate(application.decided_at or timezone.now())
        case = _create_case(
            actor=actor,
            centre=application.centre,
            received_by=application.receiving_organisation,
            source=Case.Source.APPLICATION,
            case_type=application.case_type,
            criminal_stage=application.criminal_stage,
            matter=application.matter,
            summary=(summary or "").strip() or application.facts,
            possible_penalty=possible_penalty,
            mediation_first=mediation_first,
            clock_start=decided_on,
            reason=f"依申请 {application.number} 准予法律援助({decided_on:%Y-%m-%d} 决定)",
        )
        case.application = application
        case.save(update_fields=["application"])
        _add_party(case, actor=actor, person=application.applicant, is_primary=True)
    return case


# ---------------------------------------------------------------- aided persons and group cases


def _person_for(*, actor, name: str, id_number: str = "", birth_date: date | None = None, sex: str = ""):
    """The intake Person with this ID number, or a new one (intake's rules normalise the fields)."""
    from intake.models import Person
    from intake.services import normalise_person_fields

    if id_number:
        person = Person.objects.filter(id_number=id_number).first()
        if person is not None:
            return person
    fields = normalise_person_fields(
        {
            "name": name,
            "id_type": Person.IdType.RESIDENT_ID if id_number else Person.IdType.NONE,
            "id_number": id_number,
            "birth_date": birth_date,
            "sex": sex,
        }
    )
    try:
        with transaction.atomic():
            return Person.objects.create(created_by=actor, **fields)
    except IntegrityError:
        # Registered at the same moment by someone else: use that record.
        return Person.objects.get(id_number=id_number)


def _add_party(case: Case, *, actor, person, is_primary: bool = False) -> CaseParty:
    return CaseParty.objects.create(
        case=case,
        person=person,
        name=person.name,
        id_number=person.id_number,
        birth_date=person.birth_date,
        is_primary=is_primary,
        added_by=actor,
    )


def _refresh_group(case: Case) -> None:
    count = case.parties.count()
    case.aided_count = count
    case.is_group = count >= deadlines.GROUP_CASE_SIZE
    case.save(update_fields=["aided_count", "is_group"])


def case_parties_add(case: Case, *, actor, lines: str) -> list[CaseParty]:
    """Add aided persons, one per line as "姓名,身份证号码"; every bad line is reported at once."""
    _require(actor, "cases.manage_parties", "登记受援人")
    rows, errors = [], []
    for line_number, raw in enumerate(lines.splitlines(), start=1):
        line = raw.strip().replace(",", ",").replace("\t", ",")
        if not line:
            continue
        name, _sep, id_number = (part.strip() for part in line.partition(","))
        if not name:
            errors.append(f"第 {line_number} 行缺少姓名")
            continue
        birth_date = None
        if id_number:
            try:
                parsed = parse_resident_id(id_number)
            except ValidationError as exc:
                errors.append(f"第 {line_number} 行:{exc.messages[0]}")
                continue
            id_number, birth_date = parsed.number, parsed.birth_date
        if id_number and id_number in {row[1] for row in rows}:
            errors.append(f"第 {line_number} 行与前面的行重复")
            continue
        rows.append((name, id_number, birth_date))
    if errors:
        raise DomainError(";".join(errors) + "。", field="lines")
    if not rows:
        raise DomainError("请至少填写一名受援人。", field="lines")
    with transaction.atomic():
        case = _locked(case)
        _in_scope(actor, case)
        if case.status in (Status.CLOSED, Status.ARCHIVED):
            raise _refuse(case, "增加受援人")
        known = set(case.parties.exclude(id_number="").values_list("id_number", flat=True))
        duplicates = [name for name, id_number, _b in rows if id_number and id_number in known]
        if duplicates:
            raise DomainError(f"以下人员已是本案受援人:{'、'.join(duplicates)}。", field="lines")
        added = []
        for name, id_number, birth_date in rows:
            person = _person_for(actor=actor, name=name, id_number=id_number, birth_date=birth_date)
            added.append(_add_party(case, actor=actor, person=person))
        was_group = case.is_group
        _refresh_group(case)
        text = f"增加受援人 {len(added)} 人,现共 {case.aided_count} 人"
        if case.is_group and not was_group:
            text += ";受援人达 50 人以上,列为群体性案件,由中心统一协调"
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.PARTY_CHANGE, actor=actor, text=text)
    return added


def case_coordinator_set(case: Case, *, actor, coordinator: User) -> Case:
    _require(actor, "cases.manage_parties", "指定群体性案件协调人")
    with transaction.atomic():
        case = _locked(case)
        _in_scope(actor, case)
        if not case.is_group:
            raise DomainError("只有群体性案件(受援人 50 人以上)才指定中心协调人。")
        profile = getattr(coordinator, "profile", None)
        if profile is None or not profile.works_for_centre or profile.organisation_id != case.centre_id:
            raise DomainError("协调人须是本中心的工作人员。", field="coordinator")
        case.coordinator = coordinator
        case.save(update_fields=["coordinator"])
        CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.NOTE, actor=actor, text=f"指定中心协调人:{coordinator.get_full_name()}"
        )
    return case


# ---------------------------------------------------------------- assignment


def case_assign(case: Case, *, actor, handler: User, reason: str = "", client_choice: bool = False) -> Assignment:
    """Assign a handler who passes the hard rules; below the top of the ranking a reason is required.

    The case row is locked first, so of two staff assigning at once exactly one succeeds and
    the other is told who got the case.
    """
    _require(actor, "cases.assign_case", "指派承办人")
    reason = (reason or "").strip()
    with transaction.atomic():
        case = _locked(case)
        _in_scope(actor, case)
        if not case.awaits_assignment:
            if case.handler_id:
                raise DomainError(
                    f"案件 {case.number} 已于 {timezone.localtime(case.assigned_at):%Y-%m-%d %H:%M} "
                    f"指派给 {case.handler.get_full_name()},不能重复指派。"
                )
            raise _refuse(case, "指派")
        candidates = selectors.assignment_candidates(case)
        chosen = next((c for c in candidates if c.handler.user_id == handler.pk), None)
        if chosen is None:
            raise DomainError("所选人员不在本中心的承办人名册中。", field="handler")
        if not chosen.eligible:
            raise DomainError("不能指派该承办人:" + "".join(chosen.failures), field="handler")
        top = next((c for c in candidates if c.rank == 1), None)
        if not client_choice and chosen.rank != 1 and not reason:
            raise DomainError(
                f"所选承办人排在推荐名单第 {chosen.rank} 位,请说明不选第一位({top.handler.name})的理由。",
                field="reason",
            )
        now = timezone.now()
        method = Assignment.Method.CLIENT_CHOICE if client_choice else Assignment.Method.RECOMMENDED
        organisation = handler.profile.organisation
        assignment = Assignment.objects.create(
            case=case,
            handler=handler,
            handler_organisation=organisation,
            handler_type=handler.handler_profile.handler_type,
            method=method,
            rank=chosen.rank,
            top_handler_id=top.handler.user_id if top else None,
            reason=reason,
            ranking=[c.as_dict() for c in candidates],
            assigned_by=actor,
            assigned_at=now,
            due=case.assignment_due,
        )
        case.handler = handler
        case.handler_organisation = organisation
        case.handler_type = assignment.handler_type
        case.assigned_at = now
        case.agreement_due = deadlines.agreement_due(timezone.localdate(now))
        case.agreement_signed_on = None
        note = f"指派 {organisation.name} {handler.get_full_name()}({chosen.handler.handler_type_label})"
        if client_choice:
            note += ",受援人点援"
        elif chosen.rank != 1:
            note += f",推荐第 {chosen.rank} 位;理由:{reason}"
        if case.assignment_due and timezone.localdate(now) > case.assignment_due:
            note += f";超过指派期限 {case.assignment_due:%Y-%m-%d}"
        _move(
            case,
            actor=actor,
            to=Status.ASSIGNED,
            reason=note,
            fields=(
                "handler",
                "handler_organisation",
                "handler_type",
                "assigned_at",
                "agreement_due",
                "agreement_signed_on",
            ),
        )
        transaction.on_commit(lambda: hooks.run_case_assigned(case.pk, assignment.pk))
    return assignment


# ---------------------------------------------------------------- the handler's work


def case_event_record(
    case: Case,
    *,
    actor,
    kind: str,
    text: str,
    at: datetime | None = None,
    court: str = "",
    channel: str = "",
    mediation_result: str = "",
    reason: str = "",
    document: CaseDocument | None = None,
) -> CaseEvent:
    """Add a row to a case's timeline. Other apps (supervision: follow-up visits, complaints) call this."""
    text = (text or "").strip()
    if not text:
        raise DomainError("请填写记录内容。", field="text")
    if not kind:
        raise DomainError("请选择记录类别。", field="kind")
    _in_scope(actor, case)
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        at=at or timezone.now(),
        actor=actor,
        text=text,
        court=court,
        channel=channel,
        mediation_result=mediation_result,
        reason=reason,
        document=document,
    )


def case_handler_event_log(
    case: Case,
    *,
    actor,
    kind: str,
    text: str,
    at: datetime,
    court: str = "",
    channel: str = "",
    mediation_result: str = "",
    reason: str = "",
) -> CaseEvent:
    """The handler records a step of the work: meeting, file review, hearing, mediation, progress notice...

    Signing the agreement and power of attorney starts the handling (assigned → in progress).
    In a case marked for mediation first, filing a suit without a recorded mediation attempt needs a reason.
    """
    if kind not in CaseEvent.HANDLER_KINDS:
        raise DomainError("请选择记录类别。", field="kind")
    now = timezone.now()
    if kind != CaseEvent.Kind.HEARING and at > now:
        raise DomainError("记录的时间不能晚于现在(只有开庭可以登记将来的日期)。", field="at")
    if kind == CaseEvent.Kind.HEARING and not court.strip():
        raise DomainError("请填写开庭的法院或仲裁机构。", field="court")
    if kind == CaseEvent.Kind.PROGRESS_NOTICE and not channel:
        raise DomainError("请选择通报方式。", field="channel")
    if kind == CaseEvent.Kind.MEDIATION and not mediation_result:
        raise DomainError("请选择调解结果。", field="mediation_result")
    with transaction.atomic():
        case = _locked(case)
        _require_handler(actor, case, "记录办案过程")
        if not case.is_handling:
            raise _refuse(case, "记录办案过程")
        if kind == CaseEvent.Kind.AGREEMENT_SIGNED and timezone.localdate(at) < timezone.localdate(case.assigned_at):
            raise DomainError("签订日期不能早于指派日期。", field="at")
        if (
            kind == CaseEvent.Kind.SUIT_FILED
            and case.mediation_first
            and not selectors.has_mediation_attempt(case)
            and not reason.strip()
        ):
            raise DomainError(
                "本案列为先行调解案件,但尚未登记调解情况。请说明未经调解直接起诉(申请仲裁)的理由。",
                field="reason",
            )
        event = CaseEvent.objects.create(
            case=case,
            kind=kind,
            at=at,
            actor=actor,
            text=text.strip() or CaseEvent.Kind(kind).label,
            court=court.strip(),
            channel=channel,
            mediation_result=mediation_result,
            reason=reason.strip(),
        )
        if kind == CaseEvent.Kind.AGREEMENT_SIGNED and case.agreement_signed_on is None:
            case.agreement_signed_on = timezone.localdate(at)
            late = case.agreement_due and case.agreement_signed_on > case.agreement_due
            note = f"{case.agreement_signed_on:%Y-%m-%d} 签订委托协议和授权委托书"
            if late:
                note += f"(超过 {case.agreement_due:%Y-%m-%d} 的期限{';' + reason.strip() if reason.strip() else ''})"
            if case.status == Status.ASSIGNED:
                _move(case, actor=actor, to=Status.IN_PROGRESS, reason=note, fields=("agreement_signed_on",))
            else:
                case.save(update_fields=["agreement_signed_on"])
    return event


def case_document_upload(case: Case, *, actor, title: str, upload) -> CaseDocument:
    """Add a scan to the case file (handler, or centre staff); shown on the timeline."""
    if not (title or "").strip():
        raise DomainError("请填写材料名称。", field="title")
    try:
        validate_scan(upload)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="upload") from exc
    with transaction.atomic():
        case = _locked(case)
        if case.handler_id != actor.pk:
            _require(actor, "cases.open_case", "上传案卷材料")
        _in_scope(actor, case)
        if case.status == Status.ARCHIVED:
            raise _refuse(case, "上传材料")
        document = CaseDocument.objects.create(
            case=case,
            title=title.strip(),
            file=upload,
            original_name=upload.name[:200],
            size=upload.size,
            uploaded_by=actor,
        )
        CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.DOCUMENT, actor=actor, text=f"上传:{document.title}", document=document
        )
    return document


def case_end_record(case: Case, *, actor, case_end_date: date, text: str) -> Case:
    """The matter has ended (judgment served, settlement...): the 30-day closing clock starts."""
    _not_future(case_end_date, "办结日期", "case_end_date")
    with transaction.atomic():
        case = _locked(case)
        _require_handler(actor, case, "登记案件办结")
        if not case.is_handling:
            raise _refuse(case, "登记案件办结")
        if case_end_date < timezone.localdate(case.accepted_at):
            raise DomainError("办结日期不能早于受理日期。", field="case_end_date")
        case.case_end_date = case_end_date
        case.closing_due = deadlines.closing_due(case_end_date)
        case.save(update_fields=["case_end_date", "closing_due"])
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.CASE_ENDED,
            at=timezone.make_aware(datetime.combine(case_end_date, datetime.min.time())),
            actor=actor,
            text=(text or "").strip() or "案件办结",
        )
    return case


# ---------------------------------------------------------------- change of handler


def handler_change_request(case: Case, *, actor, requested_by: str, reasons: str) -> HandlerChange:
    """The aided person (recorded by staff), the centre, or the handler asks for another handler (LAL 55)."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError("请写明更换承办人的理由。", field="reasons")
    if requested_by not in HandlerChange.RequestedBy.values:
        raise DomainError("请选择提出方。", field="requested_by")
    with transaction.atomic():
        case = _locked(case)
        if requested_by == HandlerChange.RequestedBy.HANDLER:
            _require_handler(actor, case, "申请更换承办人")
        else:
            _require(actor, "cases.change_handler", "登记更换承办人")
            _in_scope(actor, case)
        if not case.is_handling:
            raise _refuse(case, "更换承办人")
        if case.handler_changes.filter(status=HandlerChange.Status.PENDING).exists():
            raise DomainError("本案已有待决定的更换承办人申请。")
        change = HandlerChange.objects.create(
            case=case, previous_handler=case.handler, requested_by=requested_by, reasons=reasons, recorded_by=actor
        )
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            actor=actor,
            text=f"{change.get_requested_by_display()}更换承办人:{reasons}",
        )
    return change


def handler_change_decide(change: HandlerChange, *, actor, approve: bool, note: str = "") -> HandlerChange:
    _require(actor, "cases.change_handler", "决定更换承办人")
    note = (note or "").strip()
    with transaction.atomic():
        case = _locked(change.case)
        _in_scope(actor, case)
        change = HandlerChange.objects.select_for_update().get(pk=change.pk)
        if change.status != HandlerChange.Status.PENDING:
            raise DomainError("该申请已经决定,不能重复决定。")
        if not approve and not note:
            raise DomainError("不同意更换的,请写明理由(将告知受援人)。", field="note")
        now = timezone.now()
        change.status = HandlerChange.Status.APPROVED if approve else HandlerChange.Status.DECLINED
        change.decided_by, change.decided_at, change.decision_note = actor, now, note
        change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        if not approve:
            CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.NOTE, actor=actor, text=f"不同意更换承办人:{note}")
            return change
        if not case.is_handling:
            raise _refuse(case, "更换承办人")
        previous = case.handler
        Assignment.objects.filter(case=case, ended_at__isnull=True).update(
            ended_at=now, end_reason=f"更换承办人({change.get_requested_by_display()})"
        )
        case.handler = None
        case.handler_organisation = None
        case.handler_type = ""
        case.assigned_at = None
        case.agreement_due = None
        case.agreement_signed_on = None
        case.assignment_due = deadlines.assignment_due(timezone.localdate(now))
        _move(
            case,
            actor=actor,
            to=Status.HANDLER_CHANGED,
            reason=f"同意更换承办人 {previous.get_full_name()}:{change.reasons}" + (f";{note}" if note else ""),
            fields=(
                "handler",
                "handler_organisation",
                "handler_type",
                "assigned_at",
                "agreement_due",
                "agreement_signed_on",
                "assignment_due",
            ),
        )
    return change


# ---------------------------------------------------------------- termination (LAL 48)


def termination_report(case: Case, *, actor, ground: str, facts: str) -> Termination:
    """The handler reports a ground for termination; the centre decides."""
    if ground not in TerminationGround.values:
        raise DomainError("请选择终止事由。", field="ground")
    facts = (facts or "").strip()
    if not facts:
        raise DomainError("请写明有关事实和理由。", field="facts")
    with transaction.atomic():
        case = _locked(case)
        _require_handler(actor, case, "报告终止事由")
        if not case.is_handling:
            raise _refuse(case, "报告终止事由")
        if case.terminations.filter(status=Termination.Status.REPORTED).exists():
            raise DomainError("本案已报告终止事由,正在等待中心决定。")
        termination = Termination.objects.create(
            case=case, ground=ground, facts=facts, reported_by=actor, reported_at=timezone.now()
        )
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            actor=actor,
            text=f"承办人报告终止事由:{termination.get_ground_display()}。{facts}",
        )
    return termination


def case_terminate(
    case: Case, *, actor, ground: str, reasons: str, termination: Termination | None = None
) -> Termination:
    """The centre terminates legal aid with a written decision (LAL 48, 49)."""
    _require(actor, "cases.terminate_case", "终止法律援助")
    if ground not in TerminationGround.values:
        raise DomainError("请选择终止事由。", field="ground")
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError("终止决定须写明理由。", field="reasons")
    with transaction.atomic():
        case = _locked(case)
        _in_scope(actor, case)
        if case.status not in (*Case.AWAITING_ASSIGNMENT, *Case.HANDLING):
            raise _refuse(case, "终止法律援助")
        now = timezone.now()
        if termination is None:
            termination = case.terminations.filter(status=Termination.Status.REPORTED).first()
        if termination is None:
            termination = Termination(case=case, facts=reasons)
        termination.ground = ground
        termination.status = Termination.Status.TERMINATED
        termination.decided_by, termination.decided_at, termination.decision_reasons = actor, now, reasons
        termination.save()
        HandlerChange.objects.filter(case=case, status=HandlerChange.Status.PENDING).update(
            status=HandlerChange.Status.DECLINED, decided_by=actor, decided_at=now, decision_note="案件已终止法律援助"
        )
        case.terminated_at = now
        fields = ["terminated_at"]
        if case.handler_id:
            # The handler still reports and hands in the file within 30 days (LAL 50).
            case.case_end_date = timezone.localdate(now)
            case.closing_due = deadlines.closing_due(case.case_end_date)
            fields += ["case_end_date", "closing_due"]
        _move(
            case,
            actor=actor,
            to=Status.TERMINATED,
            reason=f"{TerminationGround(ground).label}。{reasons}",
            fields=tuple(fields),
        )
    return termination


def termination_decline(termination: Termination, *, actor, reasons: str) -> Termination:
    _require(actor, "cases.terminate_case", "决定终止法律援助")
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError("请写明不予终止的理由。", field="reasons")
    with transaction.atomic():
        case = _locked(termination.case)
        _in_scope(actor, case)
        termination = Termination.objects.select_for_update().get(pk=termination.pk)
        if termination.status != Termination.Status.REPORTED:
            raise DomainError("该终止报告已经决定。")
        termination.status = Termination.Status.DECLINED
        termination.decided_by, termination.decided_at = actor, timezone.now()
        termination.decision_reasons = reasons
        termination.save(update_fields=["status", "decided_by", "decided_at", "decision_reasons"])
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.NOTE, actor=actor, text=f"不予终止法律援助:{reasons}")
    return termination


def termination_objection_record(
    termination: Termination,
    *,
    actor,
    grounds: str,
    objector_name: str = "",
    objector_phone: str = "",
    filed_on: date | None = None,
):
    """The aided person objects to a termination: filed with eligibility's objection record (LAL 49)."""
    from eligibility.services import objection_file

    _require(actor, "cases.terminate_case", "登记对终止决定的异议")
    with transaction.atomic():
        case = _locked(termination.case)
        _in_scope(actor, case)
        termination = Termination.objects.select_for_update().get(pk=termination.pk)
        if termination.status != Termination.Status.TERMINATED:
            raise DomainError("只有已作出的终止决定才能提出异议。")
        if termination.objection_id:
            raise DomainError("该终止决定已登记异议。")
        primary = case.parties.order_by("-is_primary", "pk").first()
        objection = objection_file(
            actor=actor,
            kind="termination",
            application=None,
            subject_reference=case.number,
            centre=case.centre,
            grounds=grounds,
            objector_name=(objector_name or "").strip() or (primary.name if primary else ""),
            objector_phone=objector_phone,
            filed_on=filed_on,
        )
        termination.objection = objection
        termination.save(update_fields=["objection"])
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            actor=actor,
            text=f"{objection.objector_name}对终止决定提出异议,由{objection.review_body}审查:{objection.grounds}",
        )
    return objection


# ---------------------------------------------------------------- closing


def closing_submit(
    case: Case,
    *,
    actor,
    outcome: str,
    case_end_date: date,
    recovered_amount,
    checked_item_ids: list[int],
    handling_report: str,
    outcome_detail: str = "",
    outside_region: bool = False,
) -> ClosingSubmission:
    """The handler hands in the closing report and materials (LAL 50)."""
    amount = _money(recovered_amount, "recovered_amount")
    if outcome not in Outcome.values:
        raise DomainError("请选择办理结果。", field="outcome")
    if not isinstance(case_end_date, date):
        raise DomainError("请填写办结日期。", field="case_end_date")
    _not_future(case_end_date, "办结日期", "case_end_date")
    handling_report = (handling_report or "").strip()
    if not handling_report:
        raise DomainError("请填写办案小结。", field="handling_report")
    with transaction.atomic():
        case = _locked(case)
        _require_handler(actor, case, "提交结案")
        if case.status not in (*Case.HANDLING, Status.TERMINATED):
            raise _refuse(case, "提交结案")
        if case.status == Status.TERMINATED and outcome != Outcome.TERMINATED:
            raise DomainError("本案已终止法律援助,办理结果应为“终止法律援助”。", field="outcome")
        if case.case_type == CaseType.CRIMINAL and outcome not in CRIMINAL_OUTCOMES:
            raise DomainError("刑事案件请选择刑事案件的办理结果。", field="outcome")
        if case.case_type != CaseType.CRIMINAL and outcome in set(CRIMINAL_OUTCOMES) - {
            Outcome.WITHDRAWN,
            Outcome.TERMINATED,
            Outcome.OTHER,
        }:
            raise DomainError("该结果只适用于刑事案件。", field="outcome")
        if case_end_date < timezone.localdate(case.accepted_at):
            raise DomainError("办结日期不能早于受理日期。", field="case_end_date")
        items = selectors.checklist_items(case)
        checked = {int(i) for i in checked_item_ids}
        missing = [item.name for item in items if item.is_required and item.pk not in checked]
        if missing:
            raise DomainError("结案材料不全,缺少:" + "、".join(missing) + "。", field="checklist")
        now = timezone.now()
        submission = ClosingSubmission.objects.create(
            case=case,
            outcome=outcome,
            outcome_detail=(outcome_detail or "").strip(),
            case_end_date=case_end_date,
            recovered_amount=amount,
            checklist=[{"id": item.pk, "name": item.name, "checked": item.pk in checked} for item in items],
            handling_report=handling_report,
            outside_region=outside_region,
            submitted_by=actor,
            submitted_at=now,
        )
        case.case_end_date = case_end_date
        case.closing_due = case.closing_due or deadlines.closing_due(case_end_date)
        case.closing_submitted_at = now
        case.review_due = deadlines.review_due(timezone.localdate(now))
        late = timezone.localdate(now) > case.closing_due
        _move(
            case,
            actor=actor,
            to=Status.CLOSING_SUBMITTED,
            reason=f"{submission.get_outcome_display()}"
            + (f";超过结案材料提交期限 {case.closing_due:%Y-%m-%d}" if late else ""),
            fields=("case_end_date", "closing_due", "closing_submitted_at", "review_due"),
        )
    return submission


def closing_review(case: Case, *, actor, accept: bool, note: str = "") -> ClosingSubmission:
    """The centre reviews the file: accept (the case closes and the subsidy is computed) or return it."""
    _require(actor, "cases.review_closing", "审查结案材料")
    note = (note or "").strip()
    with transaction.atomic():
        case = _locked(case)
        _in_scope(actor, case)
        if case.status != Status.CLOSING_SUBMITTED:
            raise _refuse(case, "审查结案")
        submission = case.closings.select_for_update().get(decision=ClosingSubmission.Decision.PENDING)
        if not accept and not note:
            raise DomainError("退回时请写明需要补正的材料或问题。", field="note")
        now = timezone.now()
        submission.decision = ClosingSubmission.Decision.ACCEPTED if accept else ClosingSubmission.Decision.RETURNED
        submission.reviewed_by, submission.reviewed_at, submission.review_note = actor, now, note
        submission.save(update_fields=["decision", "reviewed_by", "reviewed_at", "review_note"])
        if accept:
            case.closed_at = now
            case.outcome = submission.outcome
            case.recovered_amount = submission.recovered_amount
            _move(
                case,
                actor=actor,
                to=Status.CLOSED,
                reason="结案审查通过" + (f":{note}" if note else ""),
                fields=("closed_at", "outcome", "recovered_amount"),
            )
            _subsidy_compute(case, submission, actor=actor)
        else:
            back = Status.TERMINATED if case.terminated_at else Status.IN_PROGRESS
            case.closing_submitted_at = None
            case.review_due = None
            _move(
                case,
                actor=actor,
                to=back,
                reason=f"结案材料退回补正:{note}",
                fields=("closing_submitted_at", "review_due"),
            )
    return submission


def case_archive(case: Case, *, actor) -> Case:
    _require(actor, "cases.archive_case", "归档")
    with transaction.atomic():
        case = _locked(case)
        _in_scope(actor, case)
        unassigned_termination = case.status == Status.TERMINATED and case.handler_id is None
        if case.status != Status.CLOSED and not unassigned_termination:
            raise _refuse(case, "归档")
        case.archived_at = timezone.now()
        _move(case, actor=actor, to=Status.ARCHIVED, reason="案卷归档", fields=("archived_at",))
    return case


# ---------------------------------------------------------------- subsidies (LAL 52)


def _subsidy_basis(case: Case, submission: ClosingSubmission) -> dict:
    on = submission.case_end_date
    standards = SubsidyStandard.objects.filter(case_type=case.case_type, effective_from__lte=on)
    standard = rules.pick_standard(
        list(standards),
        division_code=case.centre.division_code,
        case_type=case.case_type,
        criminal_stage=case.criminal_stage,
        on=on,
    )
    extras = []
    wanted = []
    if case.is_group:
        wanted.append(SubsidyExtra.Kind.GROUP_CASE)
    if submission.outside_region:
        wanted.append(SubsidyExtra.Kind.OUTSIDE_REGION)
    if wanted:
        rows = list(SubsidyExtra.objects.filter(kind__in=wanted, effective_from__lte=on))
        for kind in wanted:
            extra = rules.pick_extra(rows, division_code=case.centre.division_code, kind=kind, on=on)
            if extra:
                extras.append(
                    {"id": extra.pk, "kind": kind, "name": extra.get_kind_display(), "amount": str(extra.amount)}
                )
    return {
        "standard": standard,
        "snapshot": {
            "on": on.isoformat(),
            "division_code": case.centre.division_code,
            "case_type": case.case_type,
            "criminal_stage": case.criminal_stage,
            "standard": None
            if standard is None
            else {
                "id": standard.pk,
                "division_code": standard.division_code,
                "amount": str(standard.amount),
                "effective_from": standard.effective_from.isoformat(),
                "note": standard.note,
            },
            "extras": extras,
            "missing": "" if standard else "未找到适用的补贴标准,请在管理后台补充后重新核算",
        },
    }


def _subsidy_amounts(subsidy: Subsidy) -> None:
    subsidy.amount = max(Decimal("0.00"), subsidy.base_amount + subsidy.extras_amount + subsidy.quality_adjustment)


def _subsidy_apply_basis(subsidy: Subsidy, basis: dict) -> None:
    standard = basis["standard"]
    subsidy.standard = standard
    subsidy.basis = basis["snapshot"]
    subsidy.base_amount = standard.amount if standard else Decimal("0.00")
    subsidy.extras_amount = sum((Decimal(e["amount"]) for e in basis["snapshot"]["extras"]), Decimal("0.00"))
    _subsidy_amounts(subsidy)


def _subsidy_compute(case: Case, submission: ClosingSubmission, *, actor) -> Subsidy:
    closed_on = timezone.localdate(case.closed_at)
    subsidy = Subsidy(
        case=case, handler=case.handler, centre=case.centre, period=closed_on.replace(day=1), computed_at=case.closed_at
    )
    _subsidy_apply_basis(subsidy, _subsidy_basis(case, submission))
    subsidy.save()
    SubsidyTransition.objects.create(
        subsidy=subsidy,
        actor=actor,
        from_status="",
        to_status=Subsidy.Status.COMPUTED,
        reason=f"结案审查通过,核算补贴 {subsidy.amount} 元"
        + (f"({subsidy.basis['missing']})" if subsidy.basis["missing"] else ""),
    )
    return subsidy


def _locked_subsidy(subsidy: Subsidy) -> Subsidy:
    return Subsidy.objects.select_for_update().select_related("case", "centre").get(pk=subsidy.pk)


def _subsidy_in_scope(actor, subsidy: Subsidy) -> None:
    if not selectors.subsidies_for_user(actor).filter(pk=subsidy.pk).exists():
        raise DomainError("该补贴不在您的管辖范围内。")


def subsidy_recompute(subsidy: Subsidy, *, actor) -> Subsidy:
    """Compute again from the standards now in admin (e.g. after a missing standard was added)."""
    _require(actor, "cases.review_closing", "核算补贴")
    with transaction.atomic():
        subsidy = _locked_subsidy(subsidy)
        _subsidy_in_scope(actor, subsidy)
        if subsidy.status != Subsidy.Status.COMPUTED:
            raise DomainError("补贴已审批或已发放,不能重新核算。")
        submission = subsidy.case.closings.get(decision=ClosingSubmission.Decision.ACCEPTED)
        before = subsidy.amount
        _subsidy_apply_basis(subsidy, _subsidy_basis(subsidy.case, submission))
        subsidy.computed_at = timezone.now()
        subsidy.save()
        SubsidyTransition.objects.create(
            subsidy=subsidy,
            actor=actor,
            from_status=subsidy.status,
            to_status=subsidy.status,
            reason=f"重新核算:{before} 元 → {subsidy.amount} 元",
        )
    return subsidy


def subsidy_apply_quality_adjustment(
    case: Case,
    *,
    actor,
    grade: str,
    action: str = "none",
    percent: Decimal | None = None,
    reason: str = "",
) -> Subsidy:
    """Apply the quality rule supervision supplies for a graded file.

    `grade` is the quality grade as supervision names it (e.g. "fail"); `action` is "none",
    "reduce" (by `percent`) or "withhold". A subsidy already approved goes back to "computed"
    for approval again; a paid subsidy cannot be changed here.
    """
    rule = rules.QualityRule(action=action, percent=percent)
    _in_scope(actor, case)
    with transaction.atomic():
        try:
            subsidy = Subsidy.objects.select_for_update().get(case=case)
        except Subsidy.DoesNotExist as exc:
            raise DomainError(f"案件 {case.number} 尚未结案审查通过,还没有核算补贴。") from exc
        if subsidy.status == Subsidy.Status.PAID:
            raise DomainError(f"案件 {case.number} 的补贴已经发放,不能再按质量评定调整。")
        try:
            adjustment = rules.quality_adjustment(subsidy.base_amount + subsidy.extras_amount, rule)
        except ValueError as exc:
            raise DomainError(str(exc), field="percent") from exc
        before_status, before_amount = subsidy.status, subsidy.amount
        subsidy.quality_grade = grade
        subsidy.quality_adjustment = adjustment
        subsidy.quality_note = (reason or "").strip()
        _subsidy_amounts(subsidy)
        changed = subsidy.amount != before_amount
        if changed:
            subsidy.status = Subsidy.Status.COMPUTED
            subsidy.approved_by = None
            subsidy.approved_at = None
        subsidy.save()
        label = {"none": "不扣减", "reduce": f"扣减 {percent}%", "withhold": "不予发放"}.get(action, action)
        SubsidyTransition.objects.create(
            subsidy=subsidy,
            actor=actor,
            from_status=before_status,
            to_status=subsidy.status,
            reason=f"案件质量评定为“{grade}”,{label}:{before_amount} 元 → {subsidy.amount} 元"
            + (f"。{subsidy.quality_note}" if subsidy.quality_note else ""),
        )
    return subsidy


def subsidy_approve(subsidy: Subsidy, *, actor) -> Subsidy:
    _require(actor, "cases.approve_subsidy", "审批办案补贴")
    with transaction.atomic():
        subsidy = _locked_subsidy(subsidy)
        _subsidy_in_scope(actor, subsidy)
        if subsidy.status != Subsidy.Status.COMPUTED:
            raise DomainError(f"补贴当前状态为“{subsidy.get_status_display()}”,不能审批。")
        if subsidy.standard_id is None:
            raise DomainError("未找到适用的补贴标准,请先补充标准并重新核算。")
        subsidy.status = Subsidy.Status.APPROVED
        subsidy.approved_by, subsidy.approved_at = actor, timezone.now()
        subsidy.save(update_fields=["status", "approved_by", "approved_at"])
        SubsidyTransition.objects.create(
            subsidy=subsidy,
            actor=actor,
            from_status=Subsidy.Status.COMPUTED,
            to_status=Subsidy.Status.APPROVED,
            reason=f"审批 {subsidy.amount} 元",
        )
    return subsidy


def subsidy_mark_paid(subsidy: Subsidy, *, actor, payment_reference: str) -> Subsidy:
    _require(actor, "cases.pay_subsidy", "登记补贴发放")
    payment_reference = (payment_reference or "").strip()
    if not payment_reference:
        raise DomainError("请填写支付凭证号。", field="payment_reference")
    with transaction.atomic():
        subsidy = _locked_subsidy(subsidy)
        _subsidy_in_scope(actor, subsidy)
        if subsidy.status != Subsidy.Status.APPROVED:
            raise DomainError(f"补贴当前状态为“{subsidy.get_status_display()}”,须先审批才能登记发放。")
        subsidy.status = Subsidy.Status.PAID
        subsidy.paid_by, subsidy.paid_at, subsidy.payment_reference = actor, timezone.now(), payment_reference
        subsidy.save(update_fields=["status", "paid_by", "paid_at", "payment_reference"])
        SubsidyTransition.objects.create(
            subsidy=subsidy,
            actor=actor,
            from_status=Subsidy.Status.APPROVED,
            to_status=Subsidy.Status.PAID,
            reason=f"已发放 {subsidy.amount} 元,凭证号 {payment_reference}",
        )
    return subsidy


# ---------------------------------------------------------------- cross-region cooperation


def cooperation_request_create(
    *,
    actor,
    centre: Organisation,
    direction: str,
    kind: str,
    request: str,
    due_date: date,
    counterpart: Organisation | None = None,
    counterpart_name: str = "",
    person_name: str = "",
    case: Case | None = None,
) -> CooperationRequest:
    _require(actor, "cases.manage_cooperation", "办理异地协作")
    _check_centre(actor, centre)
    if direction not in CooperationRequest.Direction.values:
        raise DomainError("请选择协作方向。", field="direction")
    if kind not in CooperationRequest.Kind.values:
        raise DomainError("请选择协作事项。", field="kind")
    if not (request or "").strip():
        raise DomainError("请写明请求协作的具体内容。", field="request")
    if due_date < _today():
        raise DomainError("办复期限不能早于今天。", field="due_date")
    if counterpart is not None:
        if not counterpart.is_centre:
            raise DomainError("协作对方须是法律援助中心。", field="counterpart")
        if counterpart.pk == centre.pk:
            raise DomainError("协作对方不能是本中心。", field="counterpart")
        counterpart_name = counterpart.name
    counterpart_name = (counterpart_name or "").strip()
    if not counterpart_name:
        raise DomainError("请选择或填写对方中心。", field="counterpart_name")
    if case is not None and case.centre_id != centre.pk:
        raise DomainError("关联案件须是本中心的案件。", field="case")
    with transaction.atomic():
        cooperation = CooperationRequest.objects.create(
            centre=centre,
            case=case,
            direction=direction,
            counterpart=counterpart,
            counterpart_name=counterpart_name,
            kind=kind,
            request=request.strip(),
            person_name=(person_name or "").strip(),
            due_date=due_date,
            created_by=actor,
        )
        if case is not None:
            CaseEvent.objects.create(
                case=case,
                kind=CaseEvent.Kind.COOPERATION,
                actor=actor,
                text=f"{cooperation.get_direction_display()}异地协作({counterpart_name}):"
                f"{cooperation.get_kind_display()},期限 {due_date:%Y-%m-%d}",
            )
    return cooperation


def cooperation_answer(cooperation: CooperationRequest, *, actor, status: str, answer: str) -> CooperationRequest:
    """Record the answer (ours to an incoming request, or theirs to an outgoing one), or a withdrawal."""
    _require(actor, "cases.manage_cooperation", "办理异地协作")
    if status not in (
        CooperationRequest.Status.ANSWERED,
        CooperationRequest.Status.DECLINED,
        CooperationRequest.Status.WITHDRAWN,
    ):
        raise DomainError("请选择办理结果。", field="status")
    answer = (answer or "").strip()
    if not answer:
        raise DomainError("请填写办复情况。", field="answer")
    with transaction.atomic():
        cooperation = CooperationRequest.objects.select_for_update().get(pk=cooperation.pk)
        if not selectors.cooperation_for_user(actor).filter(pk=cooperation.pk).exists():
            raise DomainError("该协作事项不在您的管辖范围内。")
        if cooperation.status != CooperationRequest.Status.OPEN:
            raise DomainError(f"该协作事项已{cooperation.get_status_display()},不能重复办理。")
        cooperation.status = status
        cooperation.answer = answer
        cooperation.answered_by, cooperation.answered_at = actor, timezone.now()
        cooperation.save(update_fields=["status", "answer", "answered_by", "answered_at"])
        if cooperation.case_id:
            CaseEvent.objects.create(
                case=cooperation.case,
                kind=CaseEvent.Kind.COOPERATION,
                actor=actor,
                text=f"异地协作({cooperation.counterpart_name}){cooperation.get_status_display()}:{answer}",
            )
    return cooperation


# ---------------------------------------------------------------- duty-lawyer help


def duty_help_record(
    *,
    actor,
    workstation: Organisation,
    lawyer: User,
    person_name: str,
    helped_on: date,
    help_kinds: list[str],
    notes: str,
    person_id_number: str = "",
    charge: str = "",
) -> DutyHelp:
    """A duty lawyer's help at a court, procuratorate or detention-centre workstation; counted apart from cases."""
    _require(actor, "cases.record_duty_help", "登记值班律师法律帮助")
    duty_kinds = (
        Organisation.Kind.COURT_WORKSTATION,
        Organisation.Kind.PROCURATORATE_WORKSTATION,
        Organisation.Kind.DETENTION_WORKSTATION,
    )
    if workstation.kind not in duty_kinds:
        raise DomainError("值班律师法律帮助只在驻法院、检察院或看守所的工作站登记。", field="workstation")
    from legalaid.selectors import visible_organisations

    if not visible_organisations(actor).filter(pk=workstation.pk).exists():
        raise DomainError("您不能为该工作站登记。", field="workstation")
    profile = getattr(lawyer, "handler_profile", None)
    if profile is None or not profile.is_lawyer:
        raise DomainError("值班律师须是律师。", field="lawyer")
    if not (person_name or "").strip():
        raise DomainError("请填写受帮助人姓名。", field="person_name")
    _not_future(helped_on, "帮助日期", "helped_on")
    unknown = set(help_kinds) - set(DutyHelp.HelpKind.values)
    if not help_kinds or unknown:
        raise DomainError("请至少选择一项帮助内容。", field="help_kinds")
    if not (notes or "").strip():
        raise DomainError("请填写情况记录。", field="notes")
    person_id_number = normalise_id_number(person_id_number)
    if person_id_number:
        try:
            parse_resident_id(person_id_number)
        except ValidationError as exc:
            raise DomainError(exc.messages[0], field="person_id_number") from exc
    centre = workstation.responsible_centre()
    if centre is None:
        raise DomainError("该工作站没有上级法律援助中心。", field="workstation")
    return DutyHelp.objects.create(
        workstation=workstation,
        centre=centre,
        lawyer=lawyer,
        person_name=person_name.strip(),
        person_id_number=person_id_number,
        charge=(charge or "").strip(),
        helped_on=helped_on,
        help_kinds=list(help_kinds),
        notes=notes.strip(),
        recorded_by=actor,
    )
