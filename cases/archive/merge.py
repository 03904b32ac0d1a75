"""Assembling the whole-file PDF: scans to PDF pages, parts joined in order, file page numbers stamped.

No models here: parts come in as bytes. Archive practice numbers every page of a file in its top
right corner (the 页号 of the 卷内目录), apart from the document's own footer, so the stamp goes
there and leaves each document's "— 1 —" untouched.
"""

from io import BytesIO

from PIL import Image, ImageOps
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

# A4 at 150 dpi: sharp enough to read a scan, small enough to keep a 200-page file light.
A4_PIXELS = (1240, 1754)
A4_POINTS = (595.28, 841.89)
SCAN_MARGIN = 60  # pixels at 150 dpi, about 10 mm

IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff", "image/bmp"}


def is_pdf(content: bytes) -> bool:
    return content[:5] == b"%PDF-"


def page_count(content: bytes) -> int:
    return len(PdfReader(BytesIO(content)).pages)


def image_to_pdf(content: bytes) -> bytes:
    """One A4 page with the scanned image fitted inside the margins, turned as its EXIF says."""
    with Image.open(BytesIO(content)) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        box = (A4_PIXELS[0] - 2 * SCAN_MARGIN, A4_PIXELS[1] - 2 * SCAN_MARGIN)
        image.thumbnail(box)
        page = Image.new("RGB", A4_PIXELS, "white")
        page.paste(image, ((A4_PIXELS[0] - image.width) // 2, (A4_PIXELS[1] - image.height) // 2))
    out = BytesIO()
    page.save(out, "PDF", resolution=150.0)
    return out.getvalue()


def scan_to_pdf(content: bytes) -> bytes:
    """An uploaded scan as PDF pages: a PDF as it is, an image on an A4 page."""
    return content if is_pdf(content) else image_to_pdf(content)


def _number_stream(number: int, width: float, height: float) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    text = str(number).encode("ascii")
    x = width - 28 * 2.835 - 6 * len(text)  # right edge of the text block (26 mm) with some air
    y = height - 15 * 2.835
    stream.set_data(b"BT /ArchivePageNumber 12 Tf %.2f %.2f Td (%s) Tj ET" % (x, y, text))
    return stream


def _font() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )


def _stamp(page: PageObject, number: int) -> None:
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    overlay = PageObject.create_blank_page(width=width, height=height)
    overlay[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/ArchivePageNumber"): _font()})}
    )
    overlay.replace_contents(_number_stream(number, width, height))
    page.merge_page(overlay)


def join(parts: list[bytes]) -> bytes:
    """The parts, in order, as one PDF; every page stamped with its page number in the file (from 1)."""
    writer = PdfWriter()
    for content in parts:
        writer.append(PdfReader(BytesIO(content)))
    for number, page in enumerate(writer.pages, start=1):
        _stamp(page, number)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
