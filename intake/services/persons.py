"""Persons: registering, correcting, and reusing one registered elsewhere.

A person is one row per real person, keyed by the ID number. A clerk may pick a person already in
their scope; a person registered by another organisation is reused only through the full ID number
typed into this form (it is on the card the applicant presents), and the form then shows nothing of
the registered record beyond what was typed. A primary key alone never reaches a person outside the
scope: ids are sequential and would let anyone walk the registry.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import actor_user, require_permission, require_scope
from legalaid.validators import normalise_id_number, parse_resident_id, validate_division_code, validate_phone

from .. import selectors
from ..models import Person
from .common import validation_to_domain

PERSON_FIELDS = (
    "name",
    "id_type",
    "id_number",
    "sex",
    "birth_date",
    "ethnicity",
    "nationality",
    "phone",
    "household_address",
    "household_division_code",
    "residence_address",
    "residence_division_code",
    "work_unit",
    "is_disabled",
    "disability_grade",
    "is_migrant_worker",
    "is_service_member",
)
CHINA = "中国"  # the stored nationality value (data, not interface text)


def normalise_person_fields(fields: dict, *, today: date | None = None) -> dict:
    """Check a person's fields and derive what the resident ID tells (birth date, sex, division)."""
    today = today or timezone.localdate()
    data = {key: value for key, value in fields.items() if key in PERSON_FIELDS}
    data["name"] = (data.get("name") or "").strip()
    if not data["name"]:
        raise DomainError(_("请填写姓名。"), field="name")
    id_type = data.get("id_type") or Person.IdType.RESIDENT_ID
    data["id_type"] = id_type
    number = normalise_id_number(data.get("id_number") or "")
    if id_type == Person.IdType.NONE:
        number = ""
    data["id_number"] = number
    if id_type == Person.IdType.RESIDENT_ID and number:
        try:
            parsed = parse_resident_id(number)
        except ValidationError as error:
            raise validation_to_domain(error, "id_number") from None
        data["birth_date"] = parsed.birth_date
        data["sex"] = parsed.sex
        if not data.get("household_division_code"):
            data["household_division_code"] = parsed.division_code
    elif id_type not in (Person.IdType.RESIDENT_ID, Person.IdType.NONE) and not number:
        raise DomainError(_("请填写证件号码，或将证件类型选为“未提供”。"), field="id_number")
    birth_date = data.get("birth_date")
    if birth_date and birth_date > today:
        raise DomainError(_("出生日期不能晚于今天。"), field="birth_date")
    if birth_date and birth_date.year < 1880:
        raise DomainError(_("出生日期无效。"), field="birth_date")
    phone = (data.get("phone") or "").strip()
    if phone:
        try:
            validate_phone(phone)
        except ValidationError as error:
            raise validation_to_domain(error, "phone") from None
    data["phone"] = phone
    for key in ("household_division_code", "residence_division_code"):
        code = (data.get(key) or "").strip()
        if code:
            try:
                validate_division_code(code)
            except ValidationError as error:
                raise validation_to_domain(error, key) from None
        data[key] = code
    if data.get("disability_grade"):
        data["is_disabled"] = True
    elif "disability_grade" in data:
        data["disability_grade"] = None
    if id_type in Person.FOREIGN_ID_TYPES and (data.get("nationality") or CHINA) == CHINA:
        raise DomainError(_("持护照或外国人居留证件的，请填写国籍。"), field="nationality")
    return data


def _registered(number: str) -> DomainError:
    return DomainError(_("该证件号码已登记，请使用已登记的人员信息。"), field="id_number")


def person_create(*, actor, **fields) -> Person:
    """Register a person; an ID number already registered is refused (the form offers that person).

    The public online application registers its applicant too (`actor=PUBLIC`).
    """
    require_permission(actor, "intake.add_person", public=True)
    data = normalise_person_fields(fields)
    if data["id_number"] and Person.objects.filter(id_number=data["id_number"]).exists():
        raise _registered(data["id_number"])
    try:
        with transaction.atomic():
            return Person.objects.create(created_by=actor_user(actor), **data)
    except IntegrityError:
        raise _registered(data["id_number"]) from None


def person_update(person: Person, *, actor, **fields) -> Person:
    require_permission(actor, "intake.change_person")
    require_scope(actor, person, selectors.persons_for_user)
    current = {key: getattr(person, key) for key in PERSON_FIELDS}
    data = normalise_person_fields({**current, **fields})
    if data["id_number"] and Person.objects.filter(id_number=data["id_number"]).exclude(pk=person.pk).exists():
        raise DomainError(_("该证件号码已登记为另一人员，不能重复登记。"), field="id_number")
    changed = [key for key, value in data.items() if getattr(person, key) != value]
    for key in changed:
        setattr(person, key, data[key])
    if changed:
        person._change_reason = str(actor)
        person._history_user = actor_user(actor)
        with transaction.atomic():  # with the names the searches keep (Person.save)
            person.save(update_fields=changed)
    return person


def person_to_reuse(actor, *, pk=None, typed_id_number: str = "") -> Person | None:
    """The registered person a form may link: in the actor's scope by id, or anywhere by the full
    ID number typed now. Anything else (a guessed id, a malformed one) is None."""
    number = normalise_id_number(typed_id_number or "")
    if number:
        by_number = selectors.person_by_id_number(number)
        if by_number is not None and (pk in (None, "") or str(by_number.pk) == str(pk)):
            return by_number
    if pk in (None, "") or not str(pk).isdigit():
        return None
    return selectors.persons_for_user(actor).filter(pk=int(pk)).first()


def consultation_person(actor, *, id_number: str, name: str, phone: str) -> Person | None:
    """The person a consultation is about, when the visitor gave their ID number.

    One in the clerk's scope is linked; a new one is registered with what was typed. A person
    registered elsewhere is NOT linked: a consultation is no reason to open another
    organisation's record to this clerk (the ledger keeps the name and phone typed instead).
    """
    number = normalise_id_number(id_number or "")
    if not number:
        return None
    mine = selectors.persons_for_user(actor).filter(id_number=number).first()
    if mine is not None:
        return mine
    if selectors.person_by_id_number(number) is not None:
        return None
    return person_create(actor=actor, name=name, id_number=number, phone=phone)


def consultation_visitor(consultation) -> dict:
    """The applicant section's pre-filled name and phone for an application started from a
    consultation whose visitor is not a registered person (a registered one is pre-filled whole from
    their record): what the clerk typed at the consultation is not typed again."""
    if consultation.person_id is not None:
        return {}
    visitor = {"name": consultation.visitor_name.strip(), "phone": consultation.visitor_phone.strip()}
    return {field: value for field, value in visitor.items() if value}
