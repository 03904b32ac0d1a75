"""Admin for statistics' effective-dated rules and targets (registered from `setup()`)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models.statistics import AnnualTarget, OrganisationObligation, StatisticsReport


@admin.register(OrganisationObligation)
class OrganisationObligationAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "minimum_cases", "effective_from", "effective_to", "note"]
    list_filter = ["kind"]


@admin.register(AnnualTarget)
class AnnualTargetAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "year", "cases", "other_matters", "basis", "set_by", "set_at"]
    list_filter = ["year"]
    search_fields = ["organisation__name"]
    raw_id_fields = ["organisation", "set_by"]


@admin.register(StatisticsReport)
class StatisticsReportAdmin(admin.ModelAdmin):
    """Read-only: reports change only through the services (generate, submit, correct)."""

    list_display = ["organisation", "period", "revision", "status", "generated_at", "submitted_at"]
    list_filter = ["status", "period"]
    search_fields = ["organisation__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
