"""Hearings scheduled in a case: dated ahead in the workspace, so the handler's calendar, the reminders and
the aided person's notice can follow them (a hearing attended is still logged as a CaseEvent afterwards)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .case import Case


class Hearing(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("已排期")
        CANCELLED = "cancelled", _("已取消")

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="hearings")
    starts_at = models.DateTimeField(_("开庭时间"))
    court = models.CharField(_("法院或仲裁机构"), max_length=100)
    room = models.CharField(_("法庭"), max_length=60, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("排期人"), on_delete=models.PROTECT, related_name="+"
    )
    scheduled_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("开庭排期")
        verbose_name_plural = _("开庭排期")
        indexes = [models.Index(fields=["status", "starts_at"], name="hearing_due")]

    def __str__(self) -> str:
        return f"{self.case.number} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def place(self) -> str:
        return f"{self.court}{self.room}"
