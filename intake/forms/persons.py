"""A person's details, and the applicant section of a filing."""

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from legalaid.errors import DomainError
from legalaid.validators import mask_id_number

from .. import selectors, services
from ..models import (
    Person,
)
from .common import DATE, ChoiceStyledMixin, apply_domain_error

PERSON_FORM_FIELDS = list(services.PERSON_FIELDS)

_person_fields = forms.fields_for_model(
    Person,
    fields=PERSON_FORM_FIELDS,
    widgets={"birth_date": DATE},
    help_texts={
        "id_number": _("填写居民身份证号码后，出生日期和性别将自动从号码中读取。"),
        "birth_date": _("无身份证号码时填写"),
        "household_division_code": _("6位行政区划代码，如寿县为340422"),
    },
)
PersonFieldsBase = type("PersonFieldsBase", (forms.Form,), dict(_person_fields))


class PersonForm(ChoiceStyledMixin, PersonFieldsBase):
    """A person's details. An ID number already registered is reported: with the person's name when
    they are in the user's scope, otherwise only as "registered" (the registry is no oracle)."""

    def __init__(self, *args, user, person: Person | None = None, **kwargs):
        self.user = user
        self.person = person
        self.duplicate: Person | None = None
        self.normalised: dict = {}
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(person, name) for name in PERSON_FORM_FIELDS}
        super().__init__(*args, **kwargs)
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off", "data-person-lookup": "1"})

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.normalised = services.normalise_person_fields(data)
        except DomainError as error:
            apply_domain_error(self, error)
            return data
        number = self.normalised["id_number"]
        if number:
            existing = Person.objects.filter(id_number=number)
            if self.person is not None:
                existing = existing.exclude(pk=self.person.pk)
            self.duplicate = existing.first()
            if self.duplicate is not None:
                self.add_error("id_number", self.duplicate_message())
        return data

    def duplicate_in_scope(self) -> bool:
        return (
            self.duplicate is not None and selectors.persons_for_user(self.user).filter(pk=self.duplicate.pk).exists()
        )

    def duplicate_message(self) -> str:
        if not self.duplicate_in_scope():
            return _("该证件号码(%(number)s)已登记。请核对号码，或选择使用已登记的人员信息。") % {
                "number": mask_id_number(self.duplicate.id_number)
            }
        birth = self.duplicate.birth_date
        return _("该证件号码已登记为“%(name)s”(%(birth)s)。请核对号码，或选择使用已登记的人员信息。") % {
            "name": self.duplicate.name,
            "birth": _("%(date)s出生") % {"date": birth.isoformat()} if birth else _("出生日期不详"),
        }


class ApplicantForm(PersonForm):
    """The applicant (or representative) section of a filing: a new person, or one already registered.

    A registered person is linked only through `services.person_to_reuse`: one in the user's scope
    (picked from their records), or one anywhere whose full ID number was typed in this form.
    A posted id alone never reaches a person outside the scope.
    """

    use_existing = forms.BooleanField(label=_("使用已登记的人员信息"), required=False)
    existing = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, optional: bool = False, **kwargs):
        self.optional = optional
        self.existing_person: Person | None = None
        super().__init__(*args, **kwargs)
        if optional:
            self.fields["name"].required = False

    def _posted(self, name: str) -> str:
        if self.is_bound:
            return str(self.data.get(self.add_prefix(name)) or "").strip()
        return str(self.initial.get(name) or "").strip()

    @property
    def typed_id_number(self) -> str:
        """The ID number typed in this section now (the key to a person registered elsewhere)."""
        return self._posted("id_number")

    def _reusable(self) -> Person | None:
        return services.person_to_reuse(self.user, pk=self._posted("existing"), typed_id_number=self.typed_id_number)

    @property
    def offer(self) -> dict | None:
        """What the form says about a registered person: the name only for one in the user's scope."""
        person = self.duplicate or self._reusable()
        if person is None:
            return None
        if selectors.persons_for_user(self.user).filter(pk=person.pk).exists():
            birth = person.birth_date.isoformat() if person.birth_date else _("出生日期不详")
            text = _("该证件号码已登记：%(name)s,%(sex)s,%(birth)s 出生。") % {
                "name": person.name,
                "sex": person.get_sex_display() or _("性别不详"),
                "birth": birth,
            }
            return {"pk": person.pk, "text": text}
        typed = self._posted("id_number")
        return {"pk": "", "text": _("该证件号码(%(number)s)已登记。") % {"number": mask_id_number(typed)}}

    @property
    def use_existing_checked(self) -> bool:
        return bool(self._posted("use_existing"))

    def is_blank(self) -> bool:
        if not self.is_bound:
            return True
        return not any((self.data.get(self.add_prefix(name)) or "").strip() for name in ("name", "id_number"))

    def full_clean(self):
        if self.is_bound and self.use_existing_checked:
            self.existing_person = self._reusable()
            if self.existing_person is not None:
                self._errors = ErrorDict()
                self.cleaned_data = {}
                return
        if self.optional and self.is_blank():
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def person_to_file(self, actor) -> Person | None:
        """The existing person chosen, a newly registered one, or None for an empty optional section."""
        if self.existing_person is not None:
            return self.existing_person
        if self.optional and self.is_blank():
            return None
        return services.person_create(actor=actor, **self.normalised)
