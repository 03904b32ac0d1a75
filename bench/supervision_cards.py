"""Benchmark: quality supervision card PDFs (法律援助案件质量监督卡).

Prints cards per second when each card is its own PDF, rendered one after another in one warm
process (as the Celery worker does at assignment; target ≥ 15), and the time to render a
1,000-card batch as one PDF (target < 45 s). Names include characters outside GB2312
(喆, 堃, 龑, 㛃); the batch's text is read back to check they were embedded.

    .venv/bin/python bench/supervision_cards.py [--cards 50] [--batch 1000]
"""

import argparse
import os
import resource
import sys
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalaid.settings")

import django  # noqa: E402

django.setup()

from pypdf import PdfReader  # noqa: E402

from legalaid.pdf_fonts import install, uninstall  # noqa: E402
from supervision import cards  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["喆", "堃", "龑", "㛃", "桂英", "建国", "秀兰", "志强", "婷婷", "子涵"]
FIRMS = ["安徽寿州律师事务所", "安徽楚都律师事务所", "寿春镇法律服务所"]
TYPES = ["民事", "刑事", "劳动仲裁", "行政", "非诉讼"]


def card(i: int) -> dict:
    code = cards.new_return_code()
    return {
        "centre_name": "寿县法律援助中心",
        "case_number": f"(2026)皖0422{'民刑仲行非'[i % 5]}援{i + 1}号",
        "aided_person": SURNAMES[i % 20] + GIVEN[i % 10],
        "case_type": TYPES[i % 5],
        "handler_name": SURNAMES[(i * 7) % 20] + GIVEN[(i * 3) % 10],
        "handler_phone": f"139{i:08d}",
        "handler_organisation": FIRMS[i % 3],
        "assigned_on": "2026年3月2日",
        "complaint_phone": "0554-4021234",
        "return_code": cards.format_code(code),
        "rating_url": f"https://fayuan.example.cn/supervision/r/{code}/",
        "rating_page": "https://fayuan.example.cn/supervision/r/",
    }


def single_cards(count: int) -> tuple[float, float]:
    """Cards per second of wall-clock time and of this process's CPU time (steady on a busy machine)."""
    cards.render_cards_pdf([card(-1)])  # warm: fonts, stylesheets, template
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(count):
        cards.render_cards_pdf([card(i)])
    return count / (time.perf_counter() - started), count / (time.process_time() - cpu)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=50)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--compare", action="store_true", help="also measure WeasyPrint's own two-pass subsetting")
    args = parser.parse_args()

    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if args.compare:
        uninstall()
        wall, cpu = single_cards(args.cards)
        print(f"single cards, WeasyPrint's own subsetting: {wall:.1f} cards/s ({cpu:.1f} per CPU-second)")
    install()
    wall, cpu = single_cards(args.cards)
    print(f"single cards: {wall:.1f} cards/s ({cpu:.1f} per CPU-second) over {args.cards} cards (target ≥ 15)")

    batch = [card(i) for i in range(args.batch)]
    started, cpu_started = time.perf_counter(), time.process_time()
    pdf = cards.render_cards_batch_pdf(batch, title="批量打印")
    elapsed, cpu_elapsed = time.perf_counter() - started, time.process_time() - cpu_started
    reader = PdfReader(BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages[:10])
    rare_ok = all(ch in text for ch in "喆堃龑㛃")
    print(
        f"batch: {args.batch} cards in one PDF in {elapsed:.1f} s ({cpu_elapsed:.1f} CPU-s; target < 45 s), "
        f"{len(pdf) / 1e6:.1f} MB, {len(reader.pages)} pages, rare characters read back: {rare_ok}"
    )
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
