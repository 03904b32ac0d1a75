"""Uploaded scans: PDF, JPEG or PNG only, size-limited, their content opened and checked.

Files are stored under MEDIA_ROOT (outside the web root) and served only by views that load
the owning record through a scoped selector and then call `serve_protected`, always as a
download: a browser never renders an uploaded file inside the site.

Limits (settings, each with a default here):
- UPLOAD_MAX_BYTES: one file;
- UPLOAD_MAX_FILES / UPLOAD_MAX_REQUEST_BYTES: all files of one staff request;
- UPLOAD_PUBLIC_MAX_FILES / UPLOAD_PUBLIC_MAX_REQUEST_BYTES: all files of one anonymous request
  (the online application), lower because anyone can send it;
- UPLOAD_MAX_IMAGE_SIDE / UPLOAD_MAX_IMAGE_PIXELS: an image's size in pixels (a 20000×20000 PNG
  of a few kilobytes would take gigabytes of memory in every program that opens it).
"""

import unicodedata
from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
CONTENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
MB = 1024 * 1024


def limit(name: str) -> int:
    defaults = {
        "UPLOAD_MAX_BYTES": 10 * MB,
        "UPLOAD_MAX_FILES": 20,
        "UPLOAD_MAX_REQUEST_BYTES": 40 * MB,
        "UPLOAD_PUBLIC_MAX_FILES": 10,
        "UPLOAD_PUBLIC_MAX_REQUEST_BYTES": 20 * MB,
        "UPLOAD_MAX_IMAGE_SIDE": 12_000,
        "UPLOAD_MAX_IMAGE_PIXELS": 50_000_000,
    }
    return getattr(settings, name, defaults[name])


def clean_filename(name: str, *, max_length: int = 200) -> str:
    """The name as the user sees it, without control or format characters and without a path.

    Format characters include the bidirectional overrides (U+202E turns `申请材料\u202egpj.exe.pdf`
    into what looks like `申请材料fdp.exe.jpg`) and zero-width characters; control characters
    include NUL, tabs and line breaks. The extension is kept when the name is shortened.
    """
    name = unicodedata.normalize("NFC", str(name))
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Zl", "Zp"})
    name = PurePath(name.replace("\\", "/")).name.strip(" .") or "file"
    if len(name) > max_length:
        suffix = PurePath(name).suffix[:16]
        name = name[: max_length - len(suffix)] + suffix
    return name


def validate_scan(upload) -> None:
    """Raise ValidationError saying exactly why an upload is refused.

    Also replaces `upload.name` by its cleaned form, so every caller stores and shows a clean name.
    """
    upload.name = clean_filename(upload.name)
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in SIGNATURES:
        raise ValidationError(
            _("文件“%(name)s”的格式不被接受：只能上传 PDF、JPG 或 PNG 文件。"), params={"name": upload.name}
        )
    max_bytes = limit("UPLOAD_MAX_BYTES")
    if upload.size > max_bytes:
        raise ValidationError(
            _("文件“%(name)s”过大(%(size).1f MB)：单个文件不能超过 %(limit).0f MB。"),
            params={"name": upload.name, "size": upload.size / MB, "limit": max_bytes / MB},
        )
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(SIGNATURES[suffix]):
        raise ValidationError(
            _("文件“%(name)s”的内容与扩展名不符，可能已损坏或不是真正的 PDF/图片文件。"), params={"name": upload.name}
        )
    try:
        if suffix == ".pdf":
            _check_pdf(upload)
        else:
            _check_image(upload, IMAGE_FORMATS[suffix])
    finally:
        upload.seek(0)


def _check_pdf(upload) -> None:
    broken = ValidationError(
        _("文件“%(name)s”不是完整的 PDF 文件(无法打开)，请重新扫描或导出后上传。"), params={"name": upload.name}
    )
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(
                _("文件“%(name)s”设置了密码，无法查看。请上传未加密的 PDF 文件。"), params={"name": upload.name}
            )
        if len(reader.pages) == 0:
            raise broken
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        raise broken from error


def _check_image(upload, expected_format: str) -> None:
    broken = ValidationError(
        _("文件“%(name)s”不是完整的图片文件(无法打开)，请重新拍照或扫描后上传。"), params={"name": upload.name}
    )
    max_side, max_pixels = limit("UPLOAD_MAX_IMAGE_SIDE"), limit("UPLOAD_MAX_IMAGE_PIXELS")
    too_large = ValidationError(
        _("图片“%(name)s”尺寸过大：每边不能超过 %(side)s 像素，总计不超过 %(mp)s 百万像素。"),
        params={"name": upload.name, "side": max_side, "mp": max_pixels // 1_000_000},
    )
    try:
        with Image.open(upload) as image:  # reads the header only; the pixels are not decoded
            if image.format != expected_format:
                raise broken
            width, height = image.size
            if width > max_side or height > max_side or width * height > max_pixels:
                raise too_large
            image.verify()
    except Image.DecompressionBombError as error:  # Pillow's own, higher limit, checked on open
        raise too_large from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise broken from error


def request_limits(*, public: bool) -> tuple[int, int]:
    """(files, bytes) one request may upload: lower for the anonymous public forms."""
    if public:
        return limit("UPLOAD_PUBLIC_MAX_FILES"), limit("UPLOAD_PUBLIC_MAX_REQUEST_BYTES")
    return limit("UPLOAD_MAX_FILES"), limit("UPLOAD_MAX_REQUEST_BYTES")


def validate_upload_batch(uploads: Iterable, *, public: bool) -> None:
    """Refuse the files of one request together when there are too many or they are too large in total.

    Forms call it from clean() with every file the request carries (`request.FILES` values), so
    the refusal names the limit instead of the server cutting the connection.
    """
    uploads = [upload for upload in uploads if upload]
    max_files, max_bytes = request_limits(public=public)
    if len(uploads) > max_files:
        raise ValidationError(
            _("一次最多上传 %(limit)s 个文件，本次选择了 %(count)s 个。请分批上传。"),
            params={"limit": max_files, "count": len(uploads)},
        )
    total = sum(upload.size for upload in uploads)
    if total > max_bytes:
        raise ValidationError(
            _("本次上传的文件合计 %(size).1f MB，超过了每次 %(limit).0f MB 的上限。请分批上传。"),
            params={"size": total / MB, "limit": max_bytes / MB},
        )


def serve_protected(field_file, *, download_name: str | None = None) -> FileResponse:
    """Stream a stored file, as a download, to a user already checked against the record's scope.

    Never inline: an uploaded file, whatever its content turns out to be, is not rendered by the
    browser in the site's origin.
    """
    suffix = PurePath(field_file.name).suffix.lower()
    response = FileResponse(
        field_file.open("rb"),
        content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
        as_attachment=True,
        filename=clean_filename(download_name or PurePath(field_file.name).name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
