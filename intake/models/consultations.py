"""The consultation ledger and home visits."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import MatterCategory, Organisation
from legalaid.validators import validate_phone

from .applications import Application
from .persons import Channel, Person, PersonAppearance, writes_any


class Consultation(models.Model):
    """One entry of the consultation ledger (咨询台账)."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("已解答")
        REFERRED_TO_APPLICATION = "referred_to_application", _("引导申请法律援助")
        REFERRED_TO_AGENCY = "referred_to_agency", _("转介其他部门")
        CALL_BACK = "call_back", _("需回复")

    channel = models.ForeignKey(
        Channel, verbose_name=_("咨询渠道"), on_delete=models.PROTECT, related_name="consultations"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("接待机构"), on_delete=models.PROTECT, related_name="consultations"
    )
    # The centre answerable for the receiving organisation when the consultation was taken (the
    # organisation itself, or the nearest centre above it), as an application's deciding centre is: the
    # centre's ledger is then one indexed range (centre, time) that a page walks in its order, rather than
    # every organisation's consultations filtered by the centre's twenty (issue 14). Derived, never typed.
    centre = models.ForeignKey(
        Organisation,
        verbose_name=_("法律援助中心"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("首问责任人"),
        on_delete=models.PROTECT,
        related_name="consultations_taken",
        # Empty for a message the public left online: whoever calls back answers for it.
        null=True,
        blank=True,
    )
    consulted_at = models.DateTimeField(_("咨询时间"), default=timezone.now, db_index=True)
    person = models.ForeignKey(
        Person, verbose_name=_("咨询人"), null=True, blank=True, on_delete=models.PROTECT, related_name="consultations"
    )
    # The registered person's name, kept here for the ledger's search: a surname alone is tested on the
    # centre's consultations as they are walked in time order, and through a join to each one's person
    # that walk cost 31 of a page's 54 ms of SQL at a million cases (issue 14). Derived, never typed.
    person_name = models.CharField(_("已登记咨询人姓名"), max_length=50, blank=True, default="", editable=False)
    visitor_name = models.CharField(_("咨询人姓名"), max_length=50, blank=True)
    visitor_phone = models.CharField(_("联系电话"), max_length=30, blank=True, validators=[validate_phone])
    matter = models.ForeignKey(
        MatterCategory, verbose_name=_("事项类别"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("咨询问题"))
    answer = models.TextField(_("解答摘要"), blank=True)
    outcome = models.CharField(_("处理结果"), max_length=30, choices=Outcome.choices, default=Outcome.ANSWERED)
    referred_agency = models.CharField(_("转介部门"), max_length=100, blank=True)
    application = models.ForeignKey(
        Application,
        verbose_name=_("转为申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    call_back_due = models.DateTimeField(_("回复期限"), null=True, blank=True)
    called_back_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    called_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    call_back_note = models.TextField(_("回复内容"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("时长(分钟)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-consulted_at", "-pk"]
        verbose_name = _("咨询记录")
        verbose_name_plural = _("咨询台账")
        indexes = [
            models.Index(fields=["organisation", "consulted_at"], name="intake_consult_org_time"),
            # A centre's ledger in time order, with what a surname alone is tested on: its count walks the
            # index alone (PostgreSQL; other databases make a plain index of the two fields).
            models.Index(
                fields=["centre", "consulted_at"],
                include=["id", "visitor_name", "person_name"],
                name="intake_consult_centre_walk",
            ),
            models.Index(fields=["call_back_due"], name="intake_consult_callback"),
            # Who consulted at an organisation, from the index alone (the persons list's scope).
            models.Index(fields=["organisation"], include=["person"], name="intake_consult_org_persons"),
            # The call-back clock: messages still waiting only, not every consultation ever taken.
            models.Index(
                fields=["organisation", "call_back_due"],
                name="intake_consult_waiting",
                condition=models.Q(call_back_due__isnull=False, called_back_at__isnull=True),
            ),
        ]
        permissions = [("export_consultation", _("导出咨询台账"))]

    def __str__(self) -> str:
        return f"{self.consulted_at:%Y-%m-%d %H:%M} {self.display_name}"

    def save(self, *args, **kwargs):
        # The centre follows from the receiving organisation; kept here, as Organisation.path is, so that
        # no way of writing a consultation can leave it out of its centre's ledger.
        if self.centre_id is None and self.organisation_id is not None:
            centre = self.organisation.responsible_centre()
            self.centre_id = centre.pk if centre else None
        if writes_any(kwargs, "person"):
            self.person_name = self.person.name if self.person_id is not None else ""
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "person_name"}
        super().save(*args, **kwargs)
        if writes_any(kwargs, "person", "organisation"):
            PersonAppearance.record(self.organisation_id, self.person_id)

    @property
    def display_name(self) -> str:
        return self.person.name if self.person_id else (self.visitor_name or str(_("匿名")))

    @property
    def awaits_call_back(self) -> bool:
        return self.call_back_due is not None and self.called_back_at is None


class HomeVisit(models.Model):
    """A home visit booked for an elderly or disabled person who cannot come in (上门服务)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("已预约")
        DONE = "done", _("已上门")
        CANCELLED = "cancelled", _("已取消")

    person = models.ForeignKey(Person, verbose_name=_("服务对象"), on_delete=models.PROTECT, related_name="home_visits")
    application = models.ForeignKey(
        Application,
        verbose_name=_("相关申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="home_visits",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("服务机构"), on_delete=models.PROTECT, related_name="home_visits"
    )
    scheduled_for = models.DateTimeField(_("预约时间"), db_index=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上门人员"), on_delete=models.PROTECT, related_name="home_visits"
    )
    address = models.CharField(_("上门地址"), max_length=200)
    purpose = models.CharField(_("事由"), max_length=200)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    outcome = models.TextField(_("服务结果"), blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("预约人"), on_delete=models.PROTECT, related_name="+"
    )
    booked_at = models.DateTimeField(_("预约登记时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scheduled_for", "pk"]
        verbose_name = _("上门服务")
        verbose_name_plural = _("上门服务")

    def __str__(self) -> str:
        return f"{self.person.name} {self.scheduled_for:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if writes_any(kwargs, "person", "organisation"):
            PersonAppearance.record(self.organisation_id, self.person_id)
