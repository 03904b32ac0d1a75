"""What the deadline board keeps so that its clocks read open records only."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GrantWatermark(models.Model):
    """How far back the grant clock (准予援助待立案) must look.

    Every application whose status became "granted" before `since` has its case, so the clock reads
    only the grants since then, over a small partial index, instead of every grant ever made and
    whether each has a case. One row (pk 1), moved forward every 15 minutes by the repair
    `cases.grant_watermark` (cases.selectors.board.watermark); with no row the clock reads every
    grant. A grant's `status_changed_at` is set by the transition that grants it, so a later grant
    always falls after the mark. Historical grants loaded without their cases (an import) need
    the row deleted, so that the next repair looks at every grant again.
    """

    since = models.DateTimeField(_("此前的准予决定均已立案"))
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("待立案期限起点")
        verbose_name_plural = _("待立案期限起点")

    def __str__(self) -> str:
        return f"{self.since:%Y-%m-%d %H:%M}"
