"""Which templates are official documents: printed letters and forms that stay Chinese in every interface
language and carry their own inline stylesheet (served under the document CSP). They sit under a `pdf/`
folder, or extend the official layouts of `legalaid.documents` (or are those layouts)."""

from pathlib import Path

OFFICIAL_LAYOUTS = ('{% extends "documents/official.html"', '{% extends "documents/form.html"')
LAYOUT_NAMES = {"official.html", "form.html"}


def is_official_document(path: Path) -> bool:
    if "pdf" in path.parts:
        return True
    if path.parent.name == "documents" and path.name in LAYOUT_NAMES:
        return True
    return path.read_text().lstrip().startswith(OFFICIAL_LAYOUTS)
