"""The shared PDF writer: the garbage collector is paused only while documents render."""

import gc
import threading
from io import BytesIO

from pypdf import PdfReader

from legalaid import pdf


def test_the_collector_is_back_on_after_a_render_and_after_a_failed_one():
    assert gc.isenabled()
    content = pdf.write_pdf(
        '<html lang="zh-hans"><body style="font-family: Noto Sans CJK SC">王喆堃龑㛃𠮷</body></html>'
    )
    assert gc.isenabled()
    assert "王喆堃龑㛃𠮷" in PdfReader(BytesIO(content)).pages[0].extract_text()
    try:
        with pdf.collector_paused():
            assert not gc.isenabled()
            raise ValueError
    except ValueError:
        pass
    assert gc.isenabled()


def test_overlapping_renders_in_threads_turn_the_collector_on_only_when_the_last_ends():
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    during = {}

    def first():
        with pdf.collector_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():
        first_in.wait(5)
        with pdf.collector_paused():
            second_in.set()
            first_out.wait(5)
            during["after the first ended"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert during == {"after the first ended": False}
    assert gc.isenabled()


def test_a_collector_turned_off_by_someone_else_stays_off():
    gc.disable()
    try:
        with pdf.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
