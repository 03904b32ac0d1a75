"""The duty rota (值班表): which lawyer sits at which duty station on which half-day."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import Organisation


class DutyShift(models.Model):
    """One lawyer on duty at a court, procuratorate or detention-centre workstation for a half-day.

    Rows are added and removed by the centre's director week by week; simple-history keeps who did
    which, removals included.
    """

    class Period(models.TextChoices):
        MORNING = "morning", _("上午")
        AFTERNOON = "afternoon", _("下午")

    # Duty lawyers sit at these workstations only (the same kinds as duty-lawyer help records).
    STATION_KINDS = (
        Organisation.Kind.COURT_WORKSTATION,
        Organisation.Kind.PROCURATORATE_WORKSTATION,
        Organisation.Kind.DETENTION_WORKSTATION,
    )

    station = models.ForeignKey(
        Organisation, verbose_name=_("值班工作站"), on_delete=models.PROTECT, related_name="duty_shifts"
    )
    day = models.DateField(_("值班日期"))
    period = models.CharField(_("时段"), max_length=10, choices=Period.choices)
    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("值班律师"), on_delete=models.PROTECT, related_name="duty_shifts"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("排班人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("排班时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["day", "period", "station__path"]
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班安排")
        constraints = [
            # A lawyer cannot sit at two stations in the same half-day.
            models.UniqueConstraint(fields=["lawyer", "day", "period"], name="duty_shift_one_place"),
        ]
        indexes = [models.Index(fields=["station", "day"], name="duty_shift_station_day")]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_period_display()} {self.station} {self.lawyer.get_full_name()}"
