"""Admin for every table of the cases app.

Configuration (numbering, obligations, checklist, subsidy standards and extras) is edited here.
Case records are shown for inspection only: they change through the services, and nothing the
law needs kept is ever deleted.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from legalaid.admin_a11y import TabularInline

from .models import (
    AnnualObligation,
    Assignment,
    Case,
    CaseDocument,
    CaseEvent,
    CaseNumberCounter,
    CaseNumberSetting,
    CaseParty,
    CaseTransition,
    ClosingChecklistItem,
    ClosingSubmission,
    CooperationRequest,
    DutyHelp,
    GrantWatermark,
    HandlerChange,
    Hearing,
    NotificationLetter,
    Subsidy,
    SubsidyExtra,
    SubsidyStandard,
    SubsidyTransition,
    Termination,
)


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyMixin(NoDeleteMixin):
    """Records written by the services: visible in admin, never edited there."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------- configuration


@admin.register(CaseNumberSetting)
class CaseNumberSettingAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["centre", "pattern", "region"]
    autocomplete_fields = ["centre"]


@admin.register(AnnualObligation)
class AnnualObligationAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["handler_type", "minimum_cases", "effective_from", "effective_to", "note"]
    list_filter = ["handler_type"]


@admin.register(ClosingChecklistItem)
class ClosingChecklistItemAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "case_type",
        "criminal_stage",
        "is_required",
        "sort_order",
        "effective_from",
        "effective_to",
    ]
    list_filter = ["case_type", "criminal_stage", "is_required"]
    search_fields = ["name"]


@admin.register(SubsidyStandard)
class SubsidyStandardAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["division_code", "case_type", "criminal_stage", "amount", "effective_from", "effective_to", "note"]
    list_filter = ["case_type", "criminal_stage", "division_code"]


@admin.register(SubsidyExtra)
class SubsidyExtraAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["division_code", "kind", "amount", "effective_from", "effective_to", "note"]
    list_filter = ["kind", "division_code"]


@admin.register(CaseNumberCounter)
class CaseNumberCounterAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["centre", "year", "case_type", "last_value"]
    list_filter = ["year", "case_type"]


@admin.register(GrantWatermark)
class GrantWatermarkAdmin(admin.ModelAdmin):
    """Kept by the repair sweep, never edited; deleting it (after importing historical grants without their cases)
    makes the next sweep read every grant again, and nothing the law needs is in it."""

    list_display = ["since", "computed_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------- records


class CasePartyInline(TabularInline):
    model = CaseParty
    fields = ["name", "id_number", "birth_date", "is_primary", "added_at", "added_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class CaseTransitionInline(TabularInline):
    model = CaseTransition
    fields = ["at", "actor", "from_status", "to_status", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["number", "centre", "case_type", "source", "status", "handler", "accepted_at"]
    list_filter = ["status", "case_type", "source", "is_group"]
    search_fields = ["number"]
    list_select_related = ["centre", "handler"]
    show_full_result_count = False
    date_hierarchy = "accepted_at"
    inlines = [CasePartyInline, CaseTransitionInline]


@admin.register(CaseParty)
class CasePartyAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["name", "case", "is_primary", "added_at"]
    search_fields = ["name", "id_number", "case__number"]
    list_select_related = ["case"]
    show_full_result_count = False


@admin.register(NotificationLetter)
class NotificationLetterAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["case", "authority_name", "letter_number", "letter_date", "accused_name", "ground"]
    list_filter = ["authority_kind", "ground"]
    search_fields = ["letter_number", "accused_name", "case__number"]


@admin.register(CaseTransition)
class CaseTransitionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["case", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]
    search_fields = ["case__number"]
    list_select_related = ["case", "actor"]
    show_full_result_count = False


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["case", "kind", "at", "actor"]
    list_filter = ["kind"]
    search_fields = ["case__number", "text"]
    list_select_related = ["case", "actor"]
    show_full_result_count = False


@admin.register(CaseDocument)
class CaseDocumentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["case", "title", "original_name", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["case__number", "title"]
    exclude = ["file"]  # files are served only through the scoped case pages


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["case", "handler", "handler_organisation", "method", "rank", "assigned_at", "ended_at"]
    list_filter = ["method", "handler_type"]
    search_fields = ["case__number", "handler__last_name", "handler__first_name"]
    list_select_related = ["case", "handler", "handler_organisation"]


@admin.register(HandlerChange)
class HandlerChangeAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["case", "requested_by", "previous_handler", "status", "recorded_at", "decided_at"]
    list_filter = ["requested_by", "status"]
    search_fields = ["case__number"]


@admin.register(Termination)
class TerminationAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["case", "ground", "status", "reported_at", "decided_at", "objection"]
    list_filter = ["ground", "status"]
    search_fields = ["case__number"]


@admin.register(CooperationRequest)
class CooperationRequestAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["centre", "direction", "counterpart_name", "kind", "due_date", "status"]
    list_filter = ["direction", "kind", "status"]
    search_fields = ["counterpart_name", "request", "case__number"]


@admin.register(ClosingSubmission)
class ClosingSubmissionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["case", "outcome", "case_end_date", "recovered_amount", "status", "submitted_at", "reviewed_at"]
    list_filter = ["outcome", "status"]
    search_fields = ["case__number"]


class SubsidyTransitionInline(TabularInline):
    model = SubsidyTransition
    fields = ["at", "actor", "from_status", "to_status", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subsidy)
class SubsidyAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = [
        "case",
        "handler",
        "period",
        "base_amount",
        "extras_amount",
        "quality_adjustment",
        "amount",
        "status",
    ]
    list_filter = ["status", "period"]
    search_fields = ["case__number", "handler__last_name", "handler__first_name"]
    list_select_related = ["case", "handler"]
    inlines = [SubsidyTransitionInline]


@admin.register(SubsidyTransition)
class SubsidyTransitionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["subsidy", "from_status", "to_status", "actor", "at"]
    list_select_related = ["subsidy__case", "actor"]


@admin.register(DutyHelp)
class DutyHelpAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["helped_on", "workstation", "lawyer", "person_name", "charge"]
    list_filter = ["workstation"]
    search_fields = ["person_name", "person_id_number", "charge"]


@admin.register(Hearing)
class HearingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Hearings are dated and cancelled by the case's handler on the case; here only for inspection."""

    list_display = ["starts_at", "case", "court", "room", "status", "scheduled_by"]
    list_filter = ["status"]
    search_fields = ["case__number", "court"]
    list_select_related = ["case", "scheduled_by"]
