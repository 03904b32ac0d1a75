"""Uploaded scans: PDF, JPEG or PNG only, size-limited, content checked by its first bytes.

Files are stored under MEDIA_ROOT (outside the web root) and served only by views that load
the owning record through a scoped selector and then call `serve_protected`.
"""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
CONTENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def validate_scan(upload) -> None:
    """Raise ValidationError saying exactly why an upload is refused."""
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in SIGNATURES:
        raise ValidationError(
            _("文件“%(name)s”的格式不被接受:只能上传 PDF、JPG 或 PNG 文件。"), params={"name": upload.name}
        )
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("文件“%(name)s”过大(%(size).1f MB):单个文件不能超过 %(limit).0f MB。"),
            params={"name": upload.name, "size": upload.size / 1048576, "limit": limit / 1048576},
        )
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(SIGNATURES[suffix]):
        raise ValidationError(
            _("文件“%(name)s”的内容与扩展名不符,可能已损坏或不是真正的 PDF/图片文件。"), params={"name": upload.name}
        )


def serve_protected(field_file, *, download_name: str | None = None) -> FileResponse:
    """Stream a stored file to a user who has already been checked against the record's scope."""
    suffix = PurePath(field_file.name).suffix.lower()
    response = FileResponse(
        field_file.open("rb"),
        content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
        as_attachment=False,
        filename=download_name or PurePath(field_file.name).name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
