"""Factories for intake tests."""

import io
import itertools
from datetime import date, timedelta
from functools import cache

import factory
from django.utils import timezone
from pypdf import PdfWriter

from intake import services
from intake.models import Application, Channel, HomeVisit, Person
from legalaid.validators import id_check_char
from legalaid.vocabulary import CaseType

_sequence = itertools.count(100)


def resident_id(birth: date = date(1980, 5, 17), *, female: bool = False, region: str = "340422") -> str:
    """A valid 18-digit resident ID number, unique per call."""
    serial = next(_sequence) % 500 * 2 + (0 if female else 1)
    first17 = f"{region}{birth:%Y%m%d}{serial:03d}"
    return first17 + id_check_char(first17)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"申请人{n}")
    id_type = Person.IdType.RESIDENT_ID
    id_number = factory.LazyFunction(resident_id)
    sex = "M"
    birth_date = date(1980, 5, 17)
    phone = factory.Sequence(lambda n: f"139{n:08d}")


def home_visit(organisation, staff, **overrides) -> HomeVisit:
    """A home visit booked for tomorrow by `staff` at `organisation` (上门受理 for someone who cannot come)."""
    fields = {
        "person": overrides.pop("person", None) or PersonFactory(),
        "organisation": organisation,
        "scheduled_for": timezone.now() + timedelta(days=1),
        "staff": staff,
        "address": "寿春镇东街1号",
        "purpose": "行动不便，上门受理",
        "booked_by": staff,
    }
    fields.update(overrides)
    return HomeVisit.objects.create(**fields)


def channel(code: str = "workstation") -> Channel:
    return Channel.objects.get(code=code)


def file_application(actor, organisation, **overrides) -> Application:
    """An application filed through the service, as a clerk or centre staff would."""
    fields = {
        "applicant": overrides.pop("applicant", None) or PersonFactory(),
        "channel": channel(overrides.pop("channel_code", "workstation")),
        "receiving_organisation": organisation,
        "case_type": CaseType.LABOUR_ARBITRATION,
        "facts": "在建筑工地务工八个月，老板拖欠工资两万三千元，多次讨要未果。",
        "service_requested": "arbitration",
    }
    fields.update(overrides)
    return services.application_submit(actor=actor, **fields)


@cache
def pdf_bytes() -> bytes:
    """A small but complete PDF (uploads are checked for a real PDF structure, not only the header)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@cache
def jpeg_bytes() -> bytes:
    """A small but real JPEG photo of a document."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(out, "JPEG")
    return out.getvalue()
