"""Benchmark: `manage.py eligibility_check` answering a 10,000-object JSON array (target < 2 s).

Builds a throwaway SQLite database (migrated, with the Anhui and 淮南/寿县 standards and the
supplementary scope of the demo), generates applications across regions, dates, matters, waiver
categories and incomes, and times the whole command as a user runs it: process start, Django
setup, reading stdin, deciding, printing. Prints the best and median of several runs and the
outcome counts of the last one.

    .venv/bin/python bench/eligibility_command.py [--objects 10000] [--runs 5]
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ["340422", "340422101", "340421", "340402", "340400", "340000", "341100", "320100"]
CASE_TYPES = ["civil", "civil", "civil", "criminal", "administrative", "labour_arbitration", "non_litigation"]
MATTERS = [
    "labour",
    "injury_work",
    "family",
    "support",
    "injury_traffic",
    "abuse_victim",
    "land_requisition",
    "education",
    "state_compensation",
    None,
]
CATEGORIES = ["migrant_worker", "social_assistance", "legal_aid_card", "five_guarantee", "no_income_elderly"]

SETUP = "from eligibility.demo import seed_rules; seed_rules()"


def environment(db_path: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}", "SECRET_KEY": "bench-" + "k" * 60}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def manage(env: dict, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], input=stdin, capture_output=True, env=env, cwd=ROOT
    )


def timed(env: dict, stdin: bytes) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall-clock and CPU seconds (user + system) of one run of the command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = manage(env, "eligibility_check", stdin=stdin)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), proc


def applications(count: int, rng: random.Random) -> list[dict]:
    start = date(2023, 1, 1)
    items = []
    for _ in range(count):
        size = rng.randint(1, 6)
        item = {
            "application_date": (start + timedelta(days=rng.randint(0, 1200))).isoformat(),
            "region_code": rng.choice(REGIONS),
            "case_type": rng.choice(CASE_TYPES),
            "categories": rng.sample(CATEGORIES, rng.choice([0, 0, 0, 1, 2])),
            "household_size": size,
            "household_monthly_income": f"{rng.randint(0, 2000 * size * 100) / 100:.2f}",
            "integrity_pledge": rng.random() < 0.9,
        }
        matter = rng.choice(MATTERS)
        if matter:
            item["matter"] = matter
        if rng.random() < 0.05:
            item["standard_monthly_per_capita"] = "1200.00"
        items.append(item)
    return items


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = environment(Path(tmp) / "bench.sqlite3")
        for step in (("migrate", "--noinput", "-v0"), ("shell", "-c", SETUP)):
            proc = manage(env, *step)
            if proc.returncode:
                sys.stderr.write(proc.stderr.decode())
                return 1
        payload = json.dumps(applications(args.objects, random.Random(2026))).encode()
        timings, cpu, startup = [], [], []
        for _ in range(args.runs):
            startup.append(timed(env, b"[]")[0])
            wall, seconds, proc = timed(env, payload)
            timings.append(wall)
            cpu.append(seconds)
            if proc.returncode:
                sys.stderr.write(proc.stderr.decode())
                return 1
        results = json.loads(proc.stdout)

    assert len(results) == args.objects, "one decision per object"
    best, median = min(timings), sorted(timings)[len(timings) // 2]
    print(f"eligibility_check, {args.objects:,} objects ({len(payload) / 1e6:.1f} MB of JSON), {args.runs} runs:")
    print(f"  best {best:.2f} s, median {median:.2f} s (whole process: start, Django setup, decide, print)")
    base = sorted(startup)[len(startup) // 2]
    print(f"  of which process start and Django setup (an empty array): median {base:.2f} s")
    print(f"  CPU time (user + system) of the command: median {sorted(cpu)[len(cpu) // 2]:.2f} s")
    print("  outcomes: " + ", ".join(f"{k} {v}" for k, v in Counter(r["outcome"] for r in results).most_common()))
    verdict = "OK" if median < 2 else "TOO SLOW"
    print(f"  target < 2 s: {verdict}")
    return 0 if median < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
