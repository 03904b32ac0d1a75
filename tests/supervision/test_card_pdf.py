"""The quality supervision card PDF: its text read back, rare characters, and a QR code that decodes."""

from io import BytesIO

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from legalaid.pdf_fonts import install, uninstall
from supervision import cards


def card_dict(**overrides) -> dict:
    code = "K7QH3MXP"
    values = {
        "centre_name": "寿县法律援助中心",
        "case_number": "(2026)皖0422民援17号",
        "aided_person": "张喆堃",
        "case_type": "民事",
        "handler_name": "刘龑㛃",
        "handler_phone": "13912345678",
        "handler_organisation": "安徽寿州律师事务所",
        "assigned_on": "2026年3月2日",
        "complaint_phone": "0554-4021234",
        "return_code": cards.format_code(code),
        "rating_url": f"http://testserver/supervision/r/{code}/",
        "rating_page": "http://testserver/supervision/r/",
    }
    values.update(overrides)
    return values


def pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def decode_qr_codes(pdf: bytes, page_index: int = 0) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    image = document[page_index].render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_card_text_holds_case_number_names_and_return_code():
    [text] = pdf_text(cards.render_cards_pdf([card_dict()]))
    assert "法律援助案件质量监督卡" in text
    assert "(2026)皖0422民援17号" in text
    assert "张喆堃" in text
    assert "刘龑㛃" in text
    assert "K7QH-3MXP" in text
    assert "0554-4021234" in text
    assert "不得向受援人收取任何费用" in text


def test_qr_code_decodes_to_the_rating_page():
    pdf = cards.render_cards_pdf([card_dict()])
    assert decode_qr_codes(pdf) == ["http://testserver/supervision/r/K7QH3MXP/"]


@pytest.mark.parametrize("name", ["喆", "堃", "龑", "㛃", "欧阳喆堃龑㛃"])
def test_rare_characters_outside_gb2312_print(name):
    [text] = pdf_text(cards.render_cards_pdf([card_dict(aided_person=name, handler_name="王" + name)]))
    assert name in text
    assert "王" + name in text


def test_single_pass_subsetting_gives_the_same_text_as_weasyprints_own():
    card = card_dict()
    install()
    fast = cards.render_cards_pdf([dict(card)])
    uninstall()
    try:
        slow = cards.render_cards_pdf([dict(card)])
    finally:
        install()
    assert pdf_text(fast) == pdf_text(slow)
    assert abs(len(fast) - len(slow)) < len(slow) * 0.05


def test_batch_has_one_page_per_card_with_its_own_code():
    batch = [
        card_dict(return_code=f"AAAA-000{i}", rating_url=f"http://testserver/supervision/r/AAAA000{i}/")
        for i in range(3)
    ]
    pages = pdf_text(cards.render_cards_pdf(batch))
    assert len(pages) == 3
    for i, text in enumerate(pages):
        assert f"AAAA-000{i}" in text
    pdf = cards.render_cards_pdf(batch)
    assert decode_qr_codes(pdf, 2) == ["http://testserver/supervision/r/AAAA0002/"]


def test_return_codes_are_unambiguous_and_normalised():
    code = cards.new_return_code()
    assert len(code) == 8
    assert not set(code) & set("01OIL")
    assert cards.normalise_code(" k7qh-3mxp ") == "K7QH3MXP"
    assert cards.format_code("K7QH3MXP") == "K7QH-3MXP"


def test_large_batches_are_joined_from_chunks(monkeypatch):
    monkeypatch.setattr(cards, "BATCH_CHUNK", 2)
    batch = [
        card_dict(return_code=f"BBBB-000{i}", rating_url=f"http://testserver/supervision/r/BBBB000{i}/")
        for i in range(5)
    ]
    pdf = cards.render_cards_batch_pdf(batch, title="批量打印")
    pages = pdf_text(pdf)
    assert len(pages) == 5 and all(f"BBBB-000{i}" in pages[i] for i in range(5))
    assert decode_qr_codes(pdf, 4) == ["http://testserver/supervision/r/BBBB0004/"]
    assert PdfReader(BytesIO(pdf)).metadata.title == "批量打印"
