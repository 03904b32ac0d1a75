"""Upload checks: the content is opened (PDF by pypdf, images by Pillow), images are size-capped,
names are cleaned of control and format characters, and files are served as downloads."""

import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from legalaid.uploads import clean_filename, serve_protected, validate_scan, validate_upload_batch
from tests.legalaid.samples import jpeg_upload, pdf_bytes, pdf_upload, png_upload


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG claiming a huge size: a few hundred bytes that would take gigabytes to decode."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def test_genuine_files_pass():
    for upload in (pdf_upload(), png_upload(), jpeg_upload()):
        validate_scan(upload)
        assert upload.tell() == 0  # ready to be stored


def test_pdf_header_followed_by_html_is_refused():
    fake = SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError, match="不是完整的 PDF"):
        validate_scan(fake)


def test_pdf_header_followed_by_executable_is_refused():
    with pytest.raises(ValidationError):
        validate_scan(SimpleUploadedFile("scan.pdf", b"%PDF-1.4\nMZ\x90\x00" + b"\x00" * 200))


def test_png_signature_with_garbage_is_refused():
    with pytest.raises(ValidationError, match="不是完整的图片"):
        validate_scan(SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10))


def test_jpeg_named_png_is_refused():
    upload = jpeg_upload("photo.png")
    with pytest.raises(ValidationError):
        validate_scan(upload)


def test_huge_image_dimensions_are_refused():
    upload = SimpleUploadedFile("big.png", _png_header_only(20000, 20000))
    with pytest.raises(ValidationError, match="尺寸过大"):
        validate_scan(upload)


def test_image_pixel_cap_follows_settings(settings):
    settings.UPLOAD_MAX_IMAGE_SIDE = 25
    with pytest.raises(ValidationError, match="尺寸过大"):
        validate_scan(png_upload(size=(20, 30)))


def test_per_file_size_cap_kept(settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="过大"):
        validate_scan(pdf_upload())


def test_other_extensions_refused():
    with pytest.raises(ValidationError, match="格式不被接受"):
        validate_scan(SimpleUploadedFile("tool.exe", b"MZ"))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("申请材料\u202egpj.exe.pdf", "申请材料gpj.exe.pdf"),
        ("a\u200bb\u2066c\u2069.pdf", "abc.pdf"),
        ("line\nbreak\x00nul\t.pdf", "linebreaknul.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\身份证.jpg", "身份证.jpg"),
        ("\u202e", "file"),
    ],
)
def test_names_cleaned_of_control_and_format_characters(raw, clean):
    assert clean_filename(raw) == clean


def test_long_names_keep_their_extension():
    assert clean_filename("长" * 300 + ".pdf", max_length=200).endswith(".pdf")
    assert len(clean_filename("长" * 300 + ".pdf", max_length=200)) == 200


def test_validate_scan_cleans_the_upload_name():
    upload = SimpleUploadedFile("申请材料\u202egpj.exe.pdf", pdf_bytes())
    validate_scan(upload)
    assert upload.name == "申请材料gpj.exe.pdf"


def test_batch_caps_for_staff_and_public(settings):
    settings.UPLOAD_MAX_FILES = 3
    settings.UPLOAD_PUBLIC_MAX_FILES = 2
    files = [pdf_upload() for _ in range(3)]
    validate_upload_batch(files, public=False)
    with pytest.raises(ValidationError, match="一次最多上传 2 个文件"):
        validate_upload_batch(files, public=True)
    settings.UPLOAD_MAX_REQUEST_BYTES = len(pdf_bytes()) * 2
    with pytest.raises(ValidationError, match="合计"):
        validate_upload_batch(files, public=False)


def test_uploads_are_served_as_attachments(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("scan.pdf", ContentFile(pdf_bytes()))

    class Stored:
        def __init__(self):
            self.name = name

        def open(self, mode):
            return storage.open(name, mode)

    response = serve_protected(Stored(), download_name="申请\u202e材料.pdf")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "%E2%80%AE" not in disposition  # no bidi override in the offered name
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    response.file_to_stream.close()  # not response.close(): that signals the end of a request
