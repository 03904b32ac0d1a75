from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import GradeBand, Holiday, QualityRubric, RubricItem, SupervisionPolicy


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    date_hierarchy = "date"


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


class RubricItemInline(admin.TabularInline):
    model = RubricItem
    extra = 1


class GradeBandInline(admin.TabularInline):
    model = GradeBand
    extra = 0


@admin.register(QualityRubric)
class QualityRubricAdmin(SimpleHistoryAdmin):
    list_display = ["name", "case_type", "criminal_stage", "effective_from", "effective_to"]
    list_filter = ["case_type", "criminal_stage"]
    inlines = [RubricItemInline, GradeBandInline]
