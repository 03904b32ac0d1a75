from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

# The admin's accessible defaults for every app's admin (date and time inputs, list filters), set on import.
from . import admin_a11y  # noqa: F401
from .models import Division, HandlerProfile, MatterCategory, Organisation, User, UserProfile


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "division_code", "phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "division_code", "credit_code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path"]


@admin.register(Division)
class DivisionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(MatterCategory)
class MatterCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "case_type", "sort_order", "is_active"]
    list_filter = ["case_type", "is_active"]
    search_fields = ["code", "name"]


class UserProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    autocomplete_fields = ["organisation"]


class HandlerProfileInline(admin.StackedInline):
    model = HandlerProfile
    can_delete = False
    filter_horizontal = ["specialties"]


@admin.register(User)
class LegalaidUserAdmin(SimpleHistoryAdmin, UserAdmin):
    inlines = [UserProfileInline, HandlerProfileInline]
    list_display = ["username", "last_name", "first_name", "role", "organisation", "is_active", "last_login"]
    list_filter = ["is_active", "is_staff", "profile__role"]
    list_select_related = ["profile__organisation"]
    # Set by Django, never typed: shown as text instead of the unlabeled split date/time inputs
    # that screen readers cannot name (WCAG 1.3.1, 4.1.2).
    readonly_fields = ["last_login", "date_joined"]

    @admin.display(description=_("角色"))
    def role(self, user):
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else "—"

    @admin.display(description=_("所属机构"))
    def organisation(self, user):
        profile = getattr(user, "profile", None)
        return profile.organisation if profile else "—"

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, never deleted: case history refers to them.
        return False


@admin.register(HandlerProfile)
class HandlerProfileAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "handler_type",
        "licence_number",
        "criminal_defence_years",
        "trained_for_minors",
        "status",
    ]
    list_filter = ["handler_type", "status", "trained_for_minors", "specialties"]
    search_fields = ["user__username", "user__last_name", "user__first_name", "licence_number"]
    filter_horizontal = ["specialties"]
