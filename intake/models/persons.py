"""Channels and persons: who comes to the network, and how."""

from datetime import date

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import UserProfile
from legalaid.validators import validate_division_code, validate_phone
from legalaid.vocabulary import PersonGroup

ELDERLY_AGE = 60
ADULT_AGE = 18
MAJORITY_ETHNIC_GROUP = "汉族"


def writes_any(save_kwargs: dict, *fields: str) -> bool:
    """Whether a save() with these arguments writes any of these fields (every field, without update_fields)."""
    update_fields = save_kwargs.get("update_fields")
    return update_fields is None or any(f in update_fields or f"{f}_id" in update_fields for f in fields)


def age_on(birth_date: date | None, on: date) -> int | None:
    if birth_date is None:
        return None
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


class Channel(models.Model):
    """A way a consultation or an application reaches the network; edited in admin.

    `category` is the statistics channel (visit, phone, letter, online) the ministry counts.
    """

    class Category(models.TextChoices):
        VISIT = "visit", _("来访")
        PHONE = "phone", _("来电")
        LETTER = "letter", _("来信")
        ONLINE = "online", _("网络")
        FORWARDED = "forwarded", _("转交")

    code = models.SlugField(_("代码"), max_length=40, primary_key=True)
    name = models.CharField(_("名称"), max_length=60)
    category = models.CharField(_("统计渠道"), max_length=20, choices=Category.choices)
    for_consultation = models.BooleanField(_("用于咨询"), default=False)
    for_application = models.BooleanField(_("用于申请"), default=False)
    forward_hours = models.PositiveSmallIntegerField(
        _("转交时限(小时)"),
        null=True,
        blank=True,
        help_text=_("看守所、值班律师转交申请的时限(法律援助法第三十九条：24小时)；不适用留空"),
    )
    description = models.CharField(_("说明"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("渠道")
        verbose_name_plural = _("渠道")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """One record per real person, keyed by their ID number when known."""

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", _("居民身份证")
        PASSPORT = "passport", _("护照")
        HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
        TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
        FOREIGN_RESIDENCE = "foreign_residence", _("外国人永久居留身份证")
        OTHER = "other", _("其他证件")
        NONE = "none", _("未提供")

    class Sex(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    class DisabilityGrade(models.IntegerChoices):
        GRADE_1 = 1, _("一级")
        GRADE_2 = 2, _("二级")
        GRADE_3 = 3, _("三级")
        GRADE_4 = 4, _("四级")

    FOREIGN_ID_TYPES = (IdType.PASSPORT, IdType.FOREIGN_RESIDENCE)

    name = models.CharField(_("姓名"), max_length=50)
    id_type = models.CharField(_("证件类型"), max_length=30, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True, default=MAJORITY_ETHNIC_GROUP)
    nationality = models.CharField(_("国籍"), max_length=40, default="中国")
    phone = models.CharField(_("联系电话"), max_length=30, blank=True, validators=[validate_phone])
    household_address = models.CharField(_("户籍地址"), max_length=200, blank=True)
    household_division_code = models.CharField(
        _("户籍地区划代码"), max_length=6, blank=True, validators=[validate_division_code]
    )
    residence_address = models.CharField(_("经常居住地址"), max_length=200, blank=True)
    residence_division_code = models.CharField(
        _("居住地区划代码"), max_length=6, blank=True, validators=[validate_division_code]
    )
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    # Groups that cannot be derived from the ID, birth date, sex or ethnicity.
    is_disabled = models.BooleanField(_("残疾人"), default=False)
    disability_grade = models.PositiveSmallIntegerField(
        _("残疾等级"), choices=DisabilityGrade.choices, null=True, blank=True
    )
    is_migrant_worker = models.BooleanField(_("农民工"), default=False)
    is_service_member = models.BooleanField(_("军人军属"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~Q(id_number=""), name="intake_person_unique_id_number"
            ),
        ]
        indexes = [models.Index(fields=["name", "birth_date"], name="intake_person_name_birth")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            if self.created_by_id is not None:
                PersonAppearance.register(self.pk)
        elif writes_any(kwargs, "name"):
            # Kept here, as Organisation.path is, so that no way of renaming a person (the service, the
            # admin) leaves the old name where the searches read it: the scope's rows, applications and consultations.
            from .applications import Application  # those modules import this one
            from .consultations import Consultation

            PersonAppearance.objects.filter(person_id=self.pk).exclude(name=self.name).update(name=self.name)
            Application.objects.filter(applicant_id=self.pk).exclude(applicant_name=self.name).update(
                applicant_name=self.name
            )
            Consultation.objects.filter(person_id=self.pk).exclude(person_name=self.name).update(person_name=self.name)

    def age(self, on: date | None = None) -> int | None:
        return age_on(self.birth_date, on or timezone.localdate())

    @property
    def is_foreigner(self) -> bool:
        return self.id_type in self.FOREIGN_ID_TYPES or (bool(self.nationality) and self.nationality != "中国")

    def groups(self, on: date | None = None) -> list[str]:
        """The statistics groups (PersonGroup codes) this person belongs to on a date."""
        age = self.age(on)
        found = []
        if age is not None and age >= ELDERLY_AGE:
            found.append(PersonGroup.ELDERLY)
        if age is not None and age < ADULT_AGE:
            found.append(PersonGroup.MINOR)
        if self.sex == self.Sex.FEMALE:
            found.append(PersonGroup.WOMAN)
        if self.is_disabled:
            found.append(PersonGroup.DISABLED)
        if self.is_migrant_worker:
            found.append(PersonGroup.MIGRANT_WORKER)
        if self.is_service_member:
            found.append(PersonGroup.SERVICE_MEMBER)
        if self.ethnicity and self.ethnicity != MAJORITY_ETHNIC_GROUP:
            found.append(PersonGroup.ETHNIC_MINORITY)
        if self.is_foreigner:
            found.append(PersonGroup.FOREIGNER)
        return [str(g) for g in found]

    def group_labels(self, on: date | None = None) -> list[str]:
        """The groups' names as plain strings in the active language (lazy labels cannot be joined)."""
        labels = dict(PersonGroup.choices)
        return [str(labels[g]) for g in self.groups(on)]


class PersonAppearance(models.Model):
    """A person appears in an organisation's records: an application they made or represent there, a
    consultation, a home visit, or their registration by its staff. Whom an organisation's staff may
    look up (intake.selectors.persons) is read here.

    Derived, never edited: written by those records' save() and kept up by the person's (the name). Read
    by organisation, a scope's persons are one indexed range the same size however large the network
    grows; the name is kept here so that a scope's persons are searched and put in order without
    reading anyone else's (at a million cases a surname was looked for among the network's 16,000
    persons bearing it, a county's 370 among them: issue 14).
    """

    # No index of their own: the unique (organisation, person) and the index (person, organisation) lead with each.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appearances", db_index=False)
    organisation = models.ForeignKey(
        "legalaid.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    name = models.CharField(_("姓名"), max_length=50)

    class Meta:
        verbose_name = _("当事人所在机构")
        verbose_name_plural = _("当事人所在机构")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="intake_appearance_unique"),
        ]
        indexes = [
            models.Index(fields=["organisation", "name", "person"], name="intake_appearance_names"),
            models.Index(fields=["person", "organisation"], name="intake_appearance_person"),
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.organisation_id}"

    @classmethod
    def record(cls, organisation_id: int | None, *person_ids: int | None) -> None:
        """These persons appear in the organisation's records (again: nothing changes then)."""
        person_ids = [pk for pk in person_ids if pk is not None]
        if organisation_id is None or not person_ids:
            return
        cls._insert(
            f"SELECT %s, person.id, person.name FROM {Person._meta.db_table} person "
            f"WHERE person.id IN ({', '.join(['%s'] * len(person_ids))})",
            [organisation_id, *person_ids],
        )

    @classmethod
    def register(cls, person_id: int) -> None:
        """The person appears in the records of the organisation of the user who registered them."""
        cls._insert(
            f"SELECT profile.organisation_id, person.id, person.name FROM {Person._meta.db_table} person "
            f"JOIN {UserProfile._meta.db_table} profile ON profile.user_id = person.created_by_id "
            "WHERE person.id = %s AND profile.organisation_id IS NOT NULL",
            [person_id],
        )

    @classmethod
    def _insert(cls, select: str, params: list) -> None:
        # One statement, whatever is already there: INSERT … SELECT … ON CONFLICT DO NOTHING (PostgreSQL
        # and SQLite alike), with the person's name read by the database rather than by a query here.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {cls._meta.db_table} (organisation_id, person_id, name) {select} "
                "ON CONFLICT (organisation_id, person_id) DO NOTHING",
                params,
            )
