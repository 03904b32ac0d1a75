"""Admin: channels, materials checklists and notice texts are configuration edited here.

Applications, persons and consultations are shown read-only: their changes go through the
services (with the actor and the history row), never through the admin.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from legalaid.admin_a11y import EditableListMixin, TabularInline

from .models import (
    Application,
    ApplicationTransition,
    Channel,
    Consultation,
    MaterialRequirement,
    NoticeText,
    Person,
)


@admin.register(Channel)
class ChannelAdmin(EditableListMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "category", "for_consultation", "for_application", "forward_hours", "is_active"]
    list_filter = ["category", "for_consultation", "for_application", "is_active"]
    list_editable = ["is_active"]
    ordering = ["sort_order", "code"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MaterialRequirement)
class MaterialRequirementAdmin(SimpleHistoryAdmin):
    list_display = ["name", "matter", "case_type", "waiver_category", "is_required", "effective_from", "effective_to"]
    list_filter = ["matter", "case_type", "waiver_category", "is_required"]
    search_fields = ["name", "description"]
    ordering = ["sort_order", "pk"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NoticeText)
class NoticeTextAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "title", "effective_from", "effective_to"]
    list_filter = ["kind"]

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TransitionInline(TabularInline):
    model = ApplicationTransition
    fields = ["at", "actor", "from_status", "to_status", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["number", "applicant", "status", "centre", "receiving_organisation", "received_at", "decision_due"]
    list_filter = ["status", "channel", "case_type", "is_urgent"]
    search_fields = ["number", "applicant__name", "applicant__id_number"]
    list_select_related = ["applicant", "centre", "receiving_organisation"]
    date_hierarchy = "received_at"
    inlines = [TransitionInline]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "id_type", "sex", "birth_date", "phone"]
    search_fields = ["name", "id_number", "phone"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["consulted_at", "channel", "organisation", "taken_by", "outcome"]
    list_filter = ["channel", "outcome"]
    list_select_related = ["channel", "organisation", "taken_by"]
    date_hierarchy = "consulted_at"
