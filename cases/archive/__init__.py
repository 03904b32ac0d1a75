"""The archive (归档) of closed cases: retention, archive numbers, the frozen catalogue and the whole-file PDF.

`register()` is called from CasesConfig.ready(): it registers the case's official documents, the
archive's admin pages, its task (so a worker that imports only `cases.tasks` knows it) and its repair.
"""


def register() -> None:
    from legalaid.kernel import repairs

    from .. import official_documents
    from . import admin, services, tasks  # noqa: F401 - admin and the task register themselves on import

    official_documents.register_all()
    repairs.register("cases.archive_files", services.case_files_repair)
