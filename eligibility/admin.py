"""Admin for every eligibility table.

Rules (standards, scope, waiver categories, priority groups, spot-check share, pledge wording) are
edited here; overlapping periods are rejected by the models' clean(). Before a standard is saved,
"预览影响" shows how the past 12 months' applications in its region would have fared under it.
Records (assessments, decisions, cards, objections, spot-checks) change only through the services,
which keep their history, so here they are read-only; nothing is ever deleted.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from legalaid.admin_a11y import TabularInline

from . import services
from .models import (
    ClaimedCategory,
    Decision,
    DocumentSequence,
    HardshipStandard,
    HouseholdMember,
    LegalAidCard,
    MatterScope,
    MeansAssessment,
    Objection,
    ObjectionTransition,
    PledgeSpotCheck,
    PledgeText,
    PriorityGroup,
    Recovery,
    SpotCheckDraw,
    SpotCheckPolicy,
    WaiverCategory,
)


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyMixin(NoDeleteMixin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------- rules


class WhatIfForm:
    """Mixed into the standard's admin form: with "_whatif" in the POST, a valid form computes the
    impact and reports itself not valid, so the admin shows the form again instead of saving."""

    whatif = None

    def is_valid(self):
        valid = super().is_valid()
        if valid and "_whatif" in self.data:
            self.whatif = services.standard_whatif(self.instance)
            return False
        return valid


@admin.register(HardshipStandard)
class HardshipStandardAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = [
        "division_code",
        "division_name",
        "monthly_per_capita_line",
        "minimum_allowance_base",
        "multiple",
        "asset_limit",
        "effective_from",
        "effective_to",
    ]
    list_filter = ["effective_from"]
    search_fields = ["division_code", "division_name", "legal_basis"]
    fieldsets = [
        (None, {"fields": ["division_code", "division_name", ("effective_from", "effective_to")]}),
        (
            _("标准"),
            {
                "fields": ["monthly_per_capita_line", ("minimum_allowance_base", "multiple"), "asset_limit"],
                "description": _("填写低保标准和倍数时，人均月收入标准按两者乘积(四舍五入到分)自动计算。"),
            },
        ),
        (None, {"fields": ["legal_basis", "notes"]}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type("HardshipStandardWhatIfForm", (WhatIfForm, form), {})


@admin.register(MatterScope)
class MatterScopeAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["matter", "kind", "province_code", "means_test_required", "effective_from", "effective_to"]
    list_filter = ["kind", "province_code", "means_test_required"]
    search_fields = ["matter__name", "matter__code", "legal_basis"]
    list_select_related = ["matter"]


@admin.register(WaiverCategory)
class WaiverCategoryAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "region_code", "is_local", "effective_from", "effective_to", "sort_order"]
    list_filter = ["is_local", "region_code"]
    search_fields = ["code", "name", "legal_basis", "proof_document"]
    filter_horizontal = ["matters"]


@admin.register(PriorityGroup)
class PriorityGroupAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "region_code", "effective_from", "effective_to", "sort_order"]
    search_fields = ["code", "name"]


@admin.register(SpotCheckPolicy)
class SpotCheckPolicyAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["share_percent", "minimum_count", "effective_from", "effective_to"]


@admin.register(PledgeText)
class PledgeTextAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["title", "effective_from", "effective_to"]


# ---------------------------------------------------------------- records


class HouseholdMemberInline(TabularInline):
    model = HouseholdMember
    extra = 0
    can_delete = False
    readonly_fields = ["name", "relation", "monthly_income", "income_source"]

    def has_add_permission(self, request, obj=None):
        return False


class ClaimedCategoryInline(TabularInline):
    model = ClaimedCategory
    extra = 0
    can_delete = False
    readonly_fields = ["category", "document_seen", "card", "proven", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MeansAssessment)
class MeansAssessmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "application",
        "outcome",
        "basis",
        "per_capita_income",
        "standard_line",
        "assessed_by",
        "assessed_at",
    ]
    list_filter = ["outcome", "integrity_pledge"]
    search_fields = ["application__number", "application__applicant__name"]
    list_select_related = ["application__applicant", "assessed_by"]
    inlines = [HouseholdMemberInline, ClaimedCategoryInline]
    date_hierarchy = "assessed_at"


@admin.register(Decision)
class DecisionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["number", "application", "granted", "status", "simplified", "decided_by", "decided_at"]
    list_filter = ["granted", "status", "simplified", "centre"]
    search_fields = ["number", "application__number", "application__applicant__name"]
    list_select_related = ["application__applicant", "decided_by"]
    date_hierarchy = "decided_at"


@admin.register(LegalAidCard)
class LegalAidCardAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["number", "holder_name", "group", "issuing_centre", "issued_on", "valid_until", "status"]
    list_filter = ["status", "group", "issuing_centre"]
    search_fields = ["number", "holder_name", "holder_id_number"]
    list_select_related = ["issuing_centre"]


class ObjectionTransitionInline(TabularInline):
    model = ObjectionTransition
    extra = 0
    can_delete = False
    readonly_fields = ["actor", "from_status", "to_status", "reason", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["objector_name", "kind", "subject_reference", "centre", "filed_on", "review_due", "status"]
    list_filter = ["kind", "status", "centre"]
    search_fields = ["objector_name", "subject_reference", "application__number"]
    list_select_related = ["centre"]
    inlines = [ObjectionTransitionInline]


class PledgeSpotCheckInline(TabularInline):
    model = PledgeSpotCheck
    extra = 0
    can_delete = False
    readonly_fields = ["decision", "status", "findings", "checked_by", "checked_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SpotCheckDraw)
class SpotCheckDrawAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["centre", "period", "share_percent", "population", "drawn_at"]
    list_filter = ["centre"]
    inlines = [PledgeSpotCheckInline]


@admin.register(PledgeSpotCheck)
class PledgeSpotCheckAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["decision", "draw", "status", "checked_by", "checked_at"]
    list_filter = ["status"]
    list_select_related = ["decision", "draw__centre", "checked_by"]


@admin.register(Recovery)
class RecoveryAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["application", "status", "cost_amount", "fine_amount", "created_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["application", "created_by"]


@admin.register(DocumentSequence)
class DocumentSequenceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["centre", "kind", "year", "last"]
    list_filter = ["kind", "year"]
