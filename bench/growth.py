"""Benchmark: do case search and the deadline board stay as fast when the centre has ten times the cases?

One throwaway PostgreSQL (bench/pg.py) holds one database per size (`legalaid_100000`, ...), each generated
once by bench/statistics_data.py and kept with `--keep DIR`. For each size, bench/pages.py measures the case
search variants, the deadline board, the home page, 我的待办, the review and decision queues, the cases to open
(待立案), the persons list and the search box of consultations, applications and persons (two characters of a
name, a surname alone) in a process of its own (Django is set up once per database); this script prints their
medians side by side and the growth ratio of the largest size to the smallest (target ≤ 1.3 for a tenfold
growth, issue 14).

The sizes are measured in turn `--rounds` times (100k, 1M, 100k, 1M, ...) and each page's figure is its median
over the rounds: a shared machine's speed drifts by a third within minutes, and measuring each size once, one
after the other, read that drift as growth.

    .venv/bin/python bench/growth.py [--sizes 100000 1000000] [--runs 9] [--rounds 3] [--port 55517] [--keep DIR]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from pg import postgresql

HERE = Path(__file__).resolve().parent
PAGES = (
    r"^case search|^deadline board|^home$|^work page|^review queue$|^eligibility decisions$|^cases to open$"
    r"|^(consultations|applications|persons): |^persons$"
)
TARGET = 1.3


def database_for(url: str, size: int) -> str:
    """The URL of the database for this size in the same server, created when missing."""
    import psycopg

    name = f"legalaid_{size}"
    with psycopg.connect(url, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}"


def measure(url: str, size: int, runs: int, out: Path, only: str = PAGES) -> dict:
    environment = {**os.environ, "DATABASE_URL": url}
    command = [sys.executable, str(HERE / "pages.py"), "--cases", str(size), "--runs", str(runs)]
    subprocess.run([*command, "--only", only, "--json", str(out)], env=environment, check=False)
    return json.loads(out.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--rounds", type=int, default=3, help="each size measured this many times, in turn")
    parser.add_argument("--port", type=int, default=55517)
    parser.add_argument("--keep", type=Path, help="keep the databases in this directory (reused when it exists)")
    args = parser.parse_args()

    results = {}
    with postgresql(args.port, keep=args.keep) as url, tempfile.TemporaryDirectory(prefix="growth-") as tmp:
        urls = {size: database_for(url, size) for size in sorted(args.sizes)}
        # Every size generated first, then measured one after the other: the load of the machine then
        # weighs alike on both.
        for size, database in urls.items():
            print(f"\n=== {size:,} cases: data ===", flush=True)
            measure(database, size, 1, Path(tmp) / "generated.json", only="^$")
        rounds = {size: [] for size in urls}
        for round_number in range(1, args.rounds + 1):
            for size, database in urls.items():
                print(f"\n=== {size:,} cases, round {round_number} of {args.rounds} ===", flush=True)
                rounds[size].append(measure(database, size, args.runs, Path(tmp) / f"{size}.json")["pages"])
        for size, measured in rounds.items():
            labels = [label for label in measured[0] if all(label in pages for pages in measured)]
            results[size] = {"pages": {label: [statistics.median(p[label][0] for p in measured)] for label in labels}}
    sizes = sorted(results)
    small, large = results[sizes[0]], results[sizes[-1]]
    print(f"\n{'page':34} " + " ".join(f"{f'{s:,} ms':>14}" for s in sizes) + f" {'growth':>7}")
    ratios = []
    for label in small["pages"]:
        if label not in large["pages"]:
            continue
        ratio = large["pages"][label][0] / small["pages"][label][0]
        ratios.append(ratio)
        medians = " ".join(f"{results[s]['pages'].get(label, [float('nan')])[0]:14.1f}" for s in sizes)
        print(f"{label:34} {medians} {ratio:7.2f}{'' if ratio <= TARGET else '  MISS'}")
    overall = statistics.median(ratios) if ratios else float("nan")
    print(f"\nmedian growth {sizes[-1]:,} / {sizes[0]:,} cases: {overall:.2f} (target ≤ {TARGET})")
    return 0 if ratios and max(ratios) <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
