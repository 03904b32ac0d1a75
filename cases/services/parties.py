"""Aided persons of a case, group cases (50 or more aided persons) and their coordinator."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import locked, require_permission
from legalaid.models import User
from legalaid.validators import parse_resident_id

from .. import deadlines
from ..models import Case, CaseEvent, CaseParty
from .common import case_in_scope, event, refuse
from .predicates import coordinator_refusal, parties_refusal


def person_for(*, actor, name: str, id_number: str = "", birth_date: date | None = None, sex: str = ""):
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


def add_party(case: Case, *, actor, person, is_primary: bool = False) -> CaseParty:
    party = CaseParty.objects.create(
        case=case,
        person=person,
        name=person.name,
        id_number=person.id_number,
        birth_date=person.birth_date,
        is_primary=is_primary,
        added_by=actor,
    )
    # The case's copy of its parties' names for the one-character search, on the instance too so that
    # a later save of it keeps them; a search column, not a change to record in the case's history.
    case.aided_names = " ".join(case.parties.order_by("pk").values_list("name", flat=True))
    Case.objects.filter(pk=case.pk).update(aided_names=case.aided_names)
    return party


def _parse_party_lines(lines: str) -> list[tuple[str, str, date | None]]:
    """One aided person a line, "姓名，身份证号码" (either comma, or a tab); every bad line reported at once."""
    rows, errors = [], []
    for line_number, raw in enumerate(lines.splitlines(), start=1):
        line = raw.strip().replace("，", ",").replace("\t", ",")
        if not line:
            continue
        name, _sep, id_number = (part.strip() for part in line.partition(","))
        if not name:
            errors.append(_("第 %(line)s 行缺少姓名") % {"line": line_number})
            continue
        birth_date = None
        if id_number:
            try:
                parsed = parse_resident_id(id_number)
            except ValidationError as exc:
                errors.append(_("第 %(line)s 行：%(error)s") % {"line": line_number, "error": exc.messages[0]})
                continue
            id_number, birth_date = parsed.number, parsed.birth_date
        if id_number and id_number in {row[1] for row in rows}:
            errors.append(_("第 %(line)s 行与前面的行重复") % {"line": line_number})
            continue
        rows.append((name, id_number, birth_date))
    if errors:
        raise DomainError(_(";").join(errors) + _("。"), field="lines")
    if not rows:
        raise DomainError(_("请至少填写一名受援人。"), field="lines")
    return rows


def case_parties_add(case: Case, *, actor, lines: str) -> list[CaseParty]:
    """Add aided persons, one per line as "姓名，身份证号码"; every bad line is reported at once."""
    require_permission(actor, "cases.manage_parties")
    rows = _parse_party_lines(lines)
    with transaction.atomic():
        case = locked(case)
        case_in_scope(actor, case)
        refuse(parties_refusal(case, actor))
        known = set(case.parties.exclude(id_number="").values_list("id_number", flat=True))
        duplicates = [name for name, id_number, _b in rows if id_number and id_number in known]
        if duplicates:
            raise DomainError(
                _("以下人员已是本案受援人：%(names)s。") % {"names": _("、").join(duplicates)}, field="lines"
            )
        added = []
        for name, id_number, birth_date in rows:
            person = person_for(actor=actor, name=name, id_number=id_number, birth_date=birth_date)
            added.append(add_party(case, actor=actor, person=person))
        was_group = case.is_group
        case.aided_count = case.parties.count()
        case.is_group = case.aided_count >= deadlines.GROUP_CASE_SIZE
        case.save(update_fields=["aided_count", "is_group"])
        text = _("增加受援人 %(added)s 人，现共 %(total)s 人") % {"added": len(added), "total": case.aided_count}
        if case.is_group and not was_group:
            text += _("；受援人达 50 人以上，列为群体性案件，由中心统一协调")
        event(case, actor=actor, kind=CaseEvent.Kind.PARTY_CHANGE, text=text)
    return added


def case_coordinator_set(case: Case, *, actor, coordinator: User) -> Case:
    require_permission(actor, "cases.manage_parties")
    with transaction.atomic():
        case = locked(case)
        case_in_scope(actor, case)
        refuse(coordinator_refusal(case, actor))
        profile = getattr(coordinator, "profile", None)
        if profile is None or not profile.works_for_centre or profile.organisation_id != case.centre_id:
            raise DomainError(_("协调人须是本中心的工作人员。"), field="coordinator")
        case.coordinator = coordinator
        case.save(update_fields=["coordinator"])
        event(
            case,
            actor=actor,
            kind=CaseEvent.Kind.NOTE,
            text=_("指定中心协调人：%(name)s") % {"name": coordinator.get_full_name()},
        )
    return case
