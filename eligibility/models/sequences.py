from django.db import models
from django.utils.translation import gettext_lazy as _

from legalaid.models import Organisation


class DocumentSequence(models.Model):
    """The last number used per centre, kind of document and year; locked while a number is taken."""

    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["centre", "kind", "year"], name="document_sequence_unique")]
        verbose_name = _("文书编号序列")
        verbose_name_plural = _("文书编号序列")

    def __str__(self) -> str:
        return f"{self.centre} {self.kind} {self.year}: {self.last}"
