"""Opening a case: its number, from a granted application (LAL 43) or an authority's notification (LAL 25, 28, 36)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import record_transition, require_permission
from legalaid.kernel.actors import actor_user, is_automatic
from legalaid.models import MatterCategory, Organisation
from legalaid.validators import normalise_id_number, parse_resident_id
from legalaid.vocabulary import CaseType, CriminalStage

from .. import deadlines
from ..models import Case, CaseNumberCounter, CaseNumberSetting, NotificationGround, NotificationLetter
from ..numbering import DEFAULT_PATTERN, default_region, format_case_number
from .common import check_centre, not_future, refuse
from .parties import add_party, person_for


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
        raise DomainError(_("只有刑事案件才填写诉讼阶段和可能判处的刑罚。"), field="criminal_stage")
    if case_type == CaseType.CRIMINAL and not criminal_stage:
        raise DomainError(_("刑事案件须选择诉讼阶段。"), field="criminal_stage")
    if mediation_first and case_type == CaseType.CRIMINAL:
        raise DomainError(_("先行调解只适用于简单的非刑事案件。"), field="mediation_first")
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
        status=Case.Status.ACCEPTED,
        status_changed_at=now,
        accepted_at=now,
        accepted_by=actor_user(actor),
        assignment_due=deadlines.assignment_due(clock_start),
    )
    record_transition(case, actor=actor, from_status="", to_status=Case.Status.ACCEPTED, reason=reason, at=now)
    return case


def _accused_identity(id_number: str, birth_date: date | None, sex: str) -> tuple[str, date | None, str]:
    """The accused's ID number checked; birth date and sex then come from it."""
    id_number = normalise_id_number(id_number)
    if not id_number:
        return id_number, birth_date, sex
    try:
        parsed = parse_resident_id(id_number)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="accused_id_number") from exc
    if birth_date and birth_date != parsed.birth_date:
        raise DomainError(_("出生日期与身份证号码不符，请核对。"), field="accused_birth_date")
    return id_number, parsed.birth_date, parsed.sex


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
    require_permission(actor, "cases.open_case")
    check_centre(actor, centre)
    if authority_kind not in NotificationLetter.Authority.values:
        raise DomainError(_("请选择通知机关类别。"), field="authority_kind")
    if ground not in NotificationGround.values:
        raise DomainError(_("请选择通知辩护的情形。"), field="ground")
    if criminal_stage not in CriminalStage.values:
        raise DomainError(_("请选择刑事诉讼阶段。"), field="criminal_stage")
    not_future(letter_date, _("通知书日期"), "letter_date")
    not_future(received_on, _("收到日期"), "received_on")
    if received_on < letter_date:
        raise DomainError(_("收到日期不能早于通知书日期。"), field="received_on")
    accused_id_number, accused_birth_date, accused_sex = _accused_identity(
        accused_id_number, accused_birth_date, accused_sex
    )
    if ground == NotificationGround.LIFE_OR_DEATH and not possible_penalty:
        possible_penalty = Case.Penalty.LIFE
    if ground == NotificationGround.DEATH_PENALTY_REVIEW:
        criminal_stage = CriminalStage.DEATH_PENALTY_REVIEW
    authority_name, letter_number = authority_name.strip(), letter_number.strip()
    with transaction.atomic():
        duplicate = NotificationLetter.objects.filter(
            case__centre=centre, authority_name=authority_name, letter_number=letter_number
        ).first()
        if duplicate:
            raise DomainError(
                _("该通知书已登记为案件 %(number)s，请勿重复受理。") % {"number": duplicate.case.number},
                field="letter_number",
            )
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
            reason=_("%(authority)s%(letter)s通知辩护，%(ground)s")
            % {"authority": authority_name, "letter": letter_number, "ground": NotificationGround(ground).label},
        )
        NotificationLetter.objects.create(
            case=case,
            authority_kind=authority_kind,
            authority_name=authority_name,
            letter_number=letter_number,
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
        accused = person_for(
            actor=actor,
            name=accused_name.strip(),
            id_number=accused_id_number,
            birth_date=accused_birth_date,
            sex=accused_sex,
        )
        add_party(case, actor=actor, person=accused, is_primary=True)
    return case


def case_open_from_application(
    application,
    *,
    actor,
    mediation_first: bool = False,
    possible_penalty: str = "",
    summary: str = "",
) -> Case:
    """Open the case of a granted application; the 3-day assignment clock runs from the decision (LAL 43).

    `actor` may be SYSTEM (the grant's own hand-off, `cases.tasks.open_case_for_grant`): the system is
    not scoped to a centre, so only a user's centre is checked.
    """
    from intake.models import Application

    require_permission(actor, "cases.open_case")
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("centre", "applicant").get(pk=application.pk)
        )
        existing = Case.objects.filter(application=application).first()
        if existing is not None:
            raise DomainError(
                _("申请 %(application)s 已立案为 %(case)s，不能重复受理。")
                % {"application": application.number, "case": existing.number}
            )
        if application.status != Application.Status.GRANTED:
            raise DomainError(
                _("申请 %(number)s 当前状态为“%(status)s”，只有准予法律援助的申请才能立案指派。")
                % {"number": application.number, "status": application.get_status_display()}
            )
        if not is_automatic(actor):
            check_centre(actor, application.centre)
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
            reason=_("依申请 %(number)s 准予法律援助(%(day)s 决定)")
            % {"number": application.number, "day": decided_on.isoformat()},
        )
        case.application = application
        # Urgency found at intake (LAL 44) keeps the case at the top of the queues after the grant.
        case.is_urgent = application.is_urgent
        case.save(update_fields=["application", "is_urgent"])
        add_party(case, actor=actor_user(actor), person=application.applicant, is_primary=True)
    return case


def pre_provision_refusal(application, actor=None) -> str | None:
    """Why the centre may not open this application's case before its decision (先行提供, LAL 44); None: it may.

    The 待立案 page offers the button only when this is None, and `case_open_pre_provision` refuses with it.
    """
    from intake import rules as intake_rules
    from intake.models import Application

    if Case.objects.filter(application_id=application.pk).exists():
        return _("申请 %(application)s 已立案，不能重复受理。") % {"application": application.number}
    if application.status not in Application.OPEN_STATUSES:
        return _("申请 %(number)s 当前状态为“%(status)s”，审查决定前才能先行提供。") % {
            "number": application.number,
            "status": application.get_status_display(),
        }
    if application.pre_provision_at:
        return None
    if not intake_rules.urgent_today(application, timezone.localdate()):
        return _("只有距时效或期限届满不足七日，或需要保全、先予执行的紧急案件才能先行提供法律援助。")
    if actor is not None and not actor.has_perm("intake.approve_pre_provision"):
        return _("您没有决定先行提供法律援助的权限。")
    return None


def case_open_pre_provision(
    application,
    *,
    actor,
    reason: str = "",
    summary: str = "",
    mediation_first: bool = False,
    possible_penalty: str = "",
) -> Case:
    """Open an urgent application's case before the decision (先行提供, LAL 44), so a handler can be assigned now.

    When intake has not yet decided to pre-provide, that decision is taken here in the same
    transaction (intake's own service, with its history row). The decision follows: a grant keeps
    this case (`cases.tasks.open_case_for_grant` finds it), a refusal proposes termination.
    """
    from intake.models import Application
    from intake.services import application_pre_provide

    require_permission(actor, "cases.open_case")
    reason = (reason or "").strip()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("centre", "applicant").get(pk=application.pk)
        )
        refuse(pre_provision_refusal(application, actor))
        if not is_automatic(actor):
            check_centre(actor, application.centre)
        if not application.pre_provision_at:
            if not reason:
                raise DomainError(_("请填写先行提供的理由。"), field="reason")
            application = application_pre_provide(application, actor=actor, reason=reason)
        now = timezone.now()
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
            clock_start=timezone.localdate(now),
            reason=_("先行提供法律援助(法律援助法第四十四条)，申请 %(number)s 待审查决定。%(reason)s")
            % {"number": application.number, "reason": reason or application.urgent_reason},
        )
        case.application, case.is_urgent, case.pre_provided_at = application, True, now
        case.save(update_fields=["application", "is_urgent", "pre_provided_at"])
        add_party(case, actor=actor_user(actor), person=application.applicant, is_primary=True)
    return case
