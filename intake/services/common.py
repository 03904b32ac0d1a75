"""Helpers every intake service shares: the scope checks through intake's selectors."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import require_scope
from legalaid.models import Organisation
from legalaid.selectors import visible_organisations
from legalaid.validators import normalise_id_number

from .. import selectors


def validation_to_domain(error: ValidationError, field: str) -> DomainError:
    return DomainError(" ".join(str(m) for m in error.messages), field=field)


def require_organisation(actor, organisation: Organisation) -> None:
    """The actor works at or above `organisation` (the system and the public pass)."""
    require_scope(actor, organisation, visible_organisations, _("该机构不在您的工作范围内。"))


def require_application(actor, application) -> None:
    require_scope(actor, application, selectors.applications_for_user)


def require_person(actor, person, *, typed_id_numbers=(), message=None) -> None:
    """The actor may link `person` to a new record: one they may see, one in no record yet, or one
    whose full ID number was typed in this very form (the number is on the card the applicant shows)."""
    typed = {normalise_id_number(n) for n in typed_id_numbers if n}
    if person.id_number and person.id_number in typed:
        return
    require_scope(actor, person, selectors.persons_linkable, message)
