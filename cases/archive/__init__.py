"""The archive (归档) of closed cases: retention, archive numbers, the frozen catalogue and the whole-file PDF.

`register()` is called from CasesConfig.ready(): it registers the case's official documents, the
archive's admin pages, its task (so a worker that imports only `cases.tasks` knows it), its repair,
and the receiver that files an archive for a case archived by any other path.
"""


def register() -> None:
    from legalaid.kernel import repairs, status_changed

    from .. import official_documents
    from ..models import Case
    from . import admin, services, tasks  # noqa: F401 - admin and the task register themselves on import

    official_documents.register_all()
    repairs.register("cases.archive_files", services.case_files_repair)
    status_changed.connect(services.file_archived_case, sender=Case, dispatch_uid="cases.archive.file_archived_case")
