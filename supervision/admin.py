from django.contrib import admin, messages
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from legalaid.admin_a11y import TabularInline

from . import holidays
from .dates import today_in_china
from .models import (
    Complaint,
    EnforcementWatch,
    FollowUpVisit,
    GradeBand,
    Holiday,
    MonthlyBulletin,
    QualityAssessment,
    QualityRubric,
    RubricItem,
    SupervisionCard,
    SupervisionPolicy,
)


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    date_hierarchy = "date"

    def changelist_view(self, request, extra_context=None):
        # The library carries the official calendar; say when a year the clocks need is missing from it.
        this_year = today_in_china().year
        missing = holidays.uncovered_years([this_year, this_year + 1])
        if missing:
            messages.warning(
                request,
                _("已安装的节假日日历库(chinesecalendar)尚无 %(years)s 年的安排：请升级该库，或在此逐日录入。")
                % {"years": "、".join(str(year) for year in missing)},
            )
        return super().changelist_view(request, extra_context)


@admin.register(SupervisionPolicy)
class SupervisionPolicyAdmin(SimpleHistoryAdmin):
    list_display = [
        "effective_from",
        "effective_to",
        "complaint_accept_working_days",
        "complaint_conclude_days",
        "complaint_reply_working_days",
        "follow_up_after_closing_days",
        "stale_case_days",
        "fail_subsidy_reduction_percent",
    ]


class RubricItemInline(TabularInline):
    model = RubricItem
    extra = 1


class GradeBandInline(TabularInline):
    model = GradeBand
    extra = 0


@admin.register(QualityRubric)
class QualityRubricAdmin(SimpleHistoryAdmin):
    list_display = ["name", "case_type", "criminal_stage", "effective_from", "effective_to"]
    list_filter = ["case_type", "criminal_stage"]
    inlines = [RubricItemInline, GradeBandInline]


class ReadOnlyRecordAdmin(SimpleHistoryAdmin):
    """Supervision records are written through the app's services (history, timeline, flags);
    the admin only shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QualityAssessment)
class QualityAssessmentAdmin(ReadOnlyRecordAdmin):
    list_display = ["case", "handler", "status", "total", "grade", "mode", "finalised_at"]
    list_filter = ["status", "grade", "mode"]
    search_fields = ["case__number"]


@admin.register(FollowUpVisit)
class FollowUpVisitAdmin(ReadOnlyRecordAdmin):
    list_display = ["case", "occasion", "due_date", "status", "result", "satisfaction"]
    list_filter = ["status", "occasion", "result"]
    search_fields = ["case__number"]


@admin.register(SupervisionCard)
class SupervisionCardAdmin(ReadOnlyRecordAdmin):
    list_display = ["case", "handler", "return_code", "issued_at", "generated_at"]
    search_fields = ["case__number", "return_code"]


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyRecordAdmin):
    list_display = ["complainant_name", "centre", "target", "handler", "received_on", "status"]
    list_filter = ["status", "target"]


@admin.register(EnforcementWatch)
class EnforcementWatchAdmin(ReadOnlyRecordAdmin):
    list_display = ["case", "instrument", "instrument_number", "limit_date", "status"]
    list_filter = ["status"]


@admin.register(MonthlyBulletin)
class MonthlyBulletinAdmin(admin.ModelAdmin):
    list_display = ["organisation", "period", "status", "generated_at"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
