"""Admin of the archive: retention periods are configuration; archives and their catalogues are for inspection."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from legalaid.admin_a11y import TabularInline

from ..admin import NoDeleteMixin, ReadOnlyMixin
from ..models import ArchiveEntry, CaseArchive, RetentionPeriod


@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["case_type", "criminal_stage", "years", "basis", "effective_from", "effective_to"]
    list_filter = ["case_type", "criminal_stage"]


class ArchiveEntryInline(ReadOnlyMixin, TabularInline):
    model = ArchiveEntry
    fields = ["order", "title", "kind_code", "case_document", "attachment", "page_from", "page_to"]
    readonly_fields = fields
    extra = 0


@admin.register(CaseArchive)
class CaseArchiveAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "case", "centre", "archived_at", "retention_until", "status", "pages"]
    list_filter = ["status", "year"]
    search_fields = ["number", "case__number"]
    raw_id_fields = ["case"]
    inlines = [ArchiveEntryInline]


@admin.register(ArchiveEntry)
class ArchiveEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The frozen catalogue lines across archives, to find where a document sits in which file."""

    list_display = ["archive", "order", "title", "page_from", "page_to"]
    search_fields = ["archive__number", "title"]
    list_select_related = ["archive"]
