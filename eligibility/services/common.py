"""What every eligibility service shares: document numbers, the deciding centre's particulars, and the
date and region an application is judged by."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from intake.models import Application
from legalaid.errors import DomainError
from legalaid.models import Organisation

from ..models import DocumentSequence


def domain_error(error: ValidationError) -> DomainError:
    """The first message of a model's validation, as the one refusal type views understand."""
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        return DomainError(errors[0].messages[0], field=None if field == "__all__" else field)
    return DomainError(error.messages[0])


def next_number(centre: Organisation, kind: str, year: int) -> int:
    """The next serial of a kind of document at a centre in a year; the sequence row stays locked
    until the caller's transaction ends, so two decisions never share a number."""
    sequence, _created = DocumentSequence.objects.get_or_create(centre=centre, kind=kind, year=year)
    sequence = DocumentSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def centre_abbreviation(centre: Organisation) -> str:
    return centre.name.removesuffix("法律援助中心") or centre.short_name or centre.name


def review_body_for(centre: Organisation) -> str:
    """The justice bureau that set up the centre (LAL 49): it reviews objections to its decisions."""
    bureau = (
        Organisation.objects.filter(
            pk__in=centre.ancestor_ids(), kind=Organisation.Kind.JUSTICE_BUREAU, division_code=centre.division_code
        )
        .order_by("-path")
        .first()
    )
    # The name is printed on the (Chinese) decision letter, so it is not translated.
    return bureau.name if bureau else f"{centre_abbreviation(centre)}司法局"


def application_region(application: Application) -> str:
    """The standard of the deciding centre's division applies."""
    return application.centre.division_code


def application_date(application: Application) -> date:
    return timezone.localdate(application.received_at)
