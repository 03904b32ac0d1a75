"""Quality supervision cards (质量监督卡): return codes, the QR code, and the PDF renderer.

The renderer takes plain dicts (see `card_context`) so the same template serves one card at
assignment and a period's cards in one document; it holds no storage code.
"""

import base64
import io
import secrets
from collections.abc import Callable, Iterable

import qrcode
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from qrcode.constants import ERROR_CORRECT_M

from legalaid.pdf import render_html, write_pdf

TEMPLATE = "supervision/pdf/cards.html"

# No 0/O, 1/I/L: the code is read off paper and typed in by the aided person or by staff.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_return_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """What a person typed → the stored form: upper case, separators and spaces dropped."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def format_code(code: str) -> str:
    """Printed in two groups of four, easier to read out on the phone."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def rating_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("supervision:card_rate", args=[code])


def rating_page_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("supervision:card_lookup")


def qr_data_uri(url: str) -> str:
    """A small PNG QR code as a data URI.

    A fixed mask pattern skips qrcode's trial of all eight masks (most of its time);
    any mask is valid for a scanner.
    """
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=4, border=2, mask_pattern=2)
    qr.add_data(url)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image().save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def render_cards_pdf(cards: Iterable[dict], *, title: str = "法律援助案件质量监督卡") -> bytes:
    """One PDF holding one page per card dict (keys: see `card_context`)."""
    cards = list(cards)
    page = None
    for card in cards:
        if "qr_src" not in card:
            card["qr_src"] = qr_data_uri(card["rating_url"])
        if "rating_page" not in card:
            page = page or rating_page_url()
            card["rating_page"] = page
    return write_pdf(render_html(TEMPLATE, {"cards": cards, "title": title}))


def card_context(card) -> dict:
    """The plain dict the template prints, from a `SupervisionCard` and its case."""
    case = card.case
    parties = list(case.parties.all())
    primary = next((party for party in parties if party.is_primary), parties[0] if parties else None)
    aided = primary.name if primary else "—"
    if len(parties) > 1:
        aided += f" 等 {len(parties)} 人"
    handler = card.handler
    profile = getattr(handler, "profile", None)
    centre = card.centre
    assigned = case.assigned_at or card.issued_at
    local = timezone.localtime(assigned)
    return {
        "centre_name": centre.name,
        "case_number": case.number,
        "aided_person": aided,
        "case_type": case.get_case_type_display(),
        "handler_name": handler.get_full_name() or handler.username,
        "handler_phone": (profile.phone if profile else "") or "—",
        "handler_organisation": card.handler_organisation.name if card.handler_organisation else "—",
        "assigned_on": f"{local.year}年{local.month}月{local.day}日",
        "complaint_phone": centre.phone or "12348",
        "return_code": format_code(card.return_code),
        "rating_url": rating_url(card.return_code),
    }


def render_card(card) -> tuple[str, bytes]:
    return f"质量监督卡-{card.case.number}.pdf", render_cards_pdf([card_context(card)])


# Cards per rendered document in a batch. Laying out a thousand pages at once holds every page in
# memory (about 1 GB) and is no faster; documents of 200 cards joined with pypdf use a quarter of the
# memory and a little less time, for four more copies of the font subset (about 0.1 MB each).
BATCH_CHUNK = 200


def render_cards_batch_pdf(
    card_dicts: list[dict], *, title: str, progress: Callable[[int], None] | None = None
) -> bytes:
    """Many cards in one PDF, laid out in chunks of BATCH_CHUNK and joined.

    `progress(cards_done)` is called after each chunk: the batch task renews its lease there.
    """
    if len(card_dicts) <= BATCH_CHUNK:
        return render_cards_pdf(card_dicts, title=title)
    writer = PdfWriter()
    for start in range(0, len(card_dicts), BATCH_CHUNK):
        chunk = render_cards_pdf(card_dicts[start : start + BATCH_CHUNK], title=title)
        writer.append(PdfReader(io.BytesIO(chunk)))
        if progress:
            progress(min(start + BATCH_CHUNK, len(card_dicts)))
    writer.add_metadata({"/Title": title})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def render_card_batch(cards_in_period, *, title: str, progress: Callable[[int], None] | None = None) -> bytes:
    """Every card of a period in one document."""
    return render_cards_batch_pdf([card_context(card) for card in cards_in_period], title=title, progress=progress)
