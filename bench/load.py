"""Load test: simulated staff browsing a real gunicorn + PostgreSQL + Redis deployment of the demo.

Starts a throwaway PostgreSQL (bench/pg.py) and Redis, migrates and seeds the demo data
(`manage.py demo_data`, every app's own seeding), collects static files, and starts gunicorn with
the worker model of the arguments: `--threads 1` is the sync worker, more threads the gthread
worker. Then N simulated users log in through the login form with the demo accounts of their role
and browse as people at a desk do: a page from their own menu (the links the home page shows
them), a pause (think time), now and then a record found on that list, a pause, and so on. The
directors among them open the director's dashboard every other time. Users log in first (spread
over the ramp; not measured: people log in once a morning, and password hashing is slow by
design); once all have, the measured duration starts and every request is timed from sending to
the last byte of the answer.

Prints per page (the URL name) the requests, errors, p50, p95 and maximum, and overall the
throughput and the error count. An error is a status other than 200, a connection failure or
timeout, or being sent back to the login page. The client runs on the same machine as the server
(2 cores here): its threads take some CPU from the server, so read the figures as a lower bound of
capacity. Static files are not requested (a browser has them cached after the first page).

    .venv/bin/python bench/load.py [--users 50] [--directors 5] [--think 1] [--duration 60]
        [--workers 3] [--threads 4] [--port 8117] [--pg-port 55517] [--redis-port 56517] [--keep DIR]
"""

import argparse
import contextlib
import html
import http.client
import http.cookiejar
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from pg import ROOT, bench_environment, postgresql, setup_django

# The other users, by demo role, in these proportions (the directors are counted apart).
ROLE_MIX = {"centre_staff": 15, "workstation_clerk": 12, "handler": 10, "supervisor": 8}
DIRECTOR = "centre_director"
MENU_LINK = re.compile(r'class="(?:nav-link|dropdown-item)[^"]*" href="(/[^"#]*)"')
LINK = re.compile(r'href="(/[^"#]*)"')
LOGIN_PATH = "/accounts/login/"
# Records a user opens from a list: the pages that show one record (no forms, files or PDFs).
RECORD_PAGES = {
    "supervision:assessment",
    "supervision:complaint",
    "supervision:watch",
    "supervision:bulletin",
    "supervision:case",
    "supervision:handler_record",
    "supervision:statistics_monthly",
    "eligibility:application",
}
SKIPPED = ("/accounts/", "/admin/", "/i18n/")


@contextlib.contextmanager
def redis(port: int, directory: Path) -> Iterator[str]:
    subprocess.run(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", str(directory), "--save", "",
         "--appendonly", "no", "--daemonize", "yes", "--logfile", str(directory / "redis.log")],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], capture_output=True)


@contextlib.contextmanager
def gunicorn(port: int, workers: int, threads: int, env: dict, log: Path) -> Iterator[str]:
    command = [str(ROOT / ".venv/bin/gunicorn"), "legalaid.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--timeout", "120", "--chdir", str(ROOT)]  # fmt: skip
    if threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    with open(log, "wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + LOGIN_PATH, timeout=30).read()
                break
            except OSError:  # refused while starting, or a slow first answer
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start:\n" + log.read_text()[-3000:]) from None
                time.sleep(0.5)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


class Results:
    """Timings of the measured requests, by page, shared by the user threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)

    def add(self, label: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times[label].append(seconds)
            if error:
                self.errors[label].append(error)


class Window:
    """The measured interval: opened once every user has logged in, then `duration` seconds long."""

    def __init__(self, duration: float) -> None:
        self.duration = duration
        self.opened = threading.Event()
        self.start = self.end = float("inf")

    def open(self) -> None:
        self.start = time.monotonic()
        self.end = self.start + self.duration
        self.opened.set()

    def covers(self, moment: float) -> bool:
        return self.start <= moment < self.end


def page_label(path: str, cache: dict[str, str] = {}) -> str:  # noqa: B006 - a deliberate memo
    if path not in cache:
        from django.urls import Resolver404, resolve

        try:
            cache[path] = resolve(urllib.parse.urlsplit(path).path).view_name
        except Resolver404:
            cache[path] = path
    return cache[path]


class SimulatedUser(threading.Thread):
    def __init__(self, base, username, password, dashboard, think, results, window, seed):
        super().__init__(daemon=True)
        self.base, self.username, self.password, self.dashboard = base, username, password, dashboard
        self.think, self.results, self.window = think, results, window
        self.ready = threading.Event()  # logged in (or failed to)
        self.login_seconds = 0.0
        self.rng = random.Random(seed)
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.failure: str | None = None

    def request(self, path: str, data: dict | None = None) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        started = time.monotonic()
        error, text = None, ""
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                text = response.read().decode()
                if urllib.parse.urlsplit(response.url).path == LOGIN_PATH and path != LOGIN_PATH:
                    error = "sent to the login page"
        except urllib.error.HTTPError as exc:
            error = f"HTTP {exc.code}"
        except (OSError, http.client.HTTPException) as exc:  # refused, reset, timed out, cut short
            error = type(exc).__name__
        if self.window.covers(started):
            self.results.add(page_label(path), time.monotonic() - started, error)
        return text

    def log_in(self) -> bool:
        from django.conf import settings

        form = self.request(LOGIN_PATH)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        if not token:
            return False
        started = time.monotonic()
        self.request(
            LOGIN_PATH, {"username": self.username, "password": self.password, "csrfmiddlewaretoken": token.group(1)}
        )
        self.login_seconds = time.monotonic() - started
        return any(cookie.name == settings.SESSION_COOKIE_NAME for cookie in self.jar)

    def pause(self) -> None:
        # Think times spread around the mean: people do not click in step.
        time.sleep(self.rng.uniform(0.5, 1.5) * self.think)

    def run(self) -> None:
        try:
            if not self.log_in():
                self.failure = f"{self.username} could not log in"
                return
            home = self.request("/")
        finally:
            self.ready.set()
        menu = sorted({html.unescape(p) for p in MENU_LINK.findall(home)} - {"/"})
        menu = [p for p in menu if not p.startswith(SKIPPED)] + ["/"]
        self.window.opened.wait()
        time.sleep(self.rng.uniform(0, self.think))  # users do not all click at the opening moment
        while time.monotonic() < self.window.end:
            page = self.dashboard if self.dashboard and self.rng.random() < 0.5 else self.rng.choice(menu)
            text = self.request(page)
            self.pause()
            records = [p for p in {html.unescape(p) for p in LINK.findall(text)} if is_record(p)]
            if records and self.rng.random() < 0.5 and time.monotonic() < self.window.end:
                self.request(self.rng.choice(sorted(records)))
                self.pause()


def is_record(path: str) -> bool:
    label = page_label(path)
    return label.endswith("_detail") or label in RECORD_PAGES


def accounts(users: int, directors: int) -> list[tuple[str, bool]]:
    """(username, is_director) for each simulated user: demo accounts of each role, reused in turn."""
    from legalaid.models import User

    def of(role: str) -> list[str]:
        names = list(User.objects.filter(profile__role=role, is_active=True).order_by("pk").values_list("username"))
        if not names:
            raise SystemExit(f"the demo data has no {role} account")
        return [name for (name,) in names]

    directors_ = of(DIRECTOR)
    chosen = [(directors_[n % len(directors_)], True) for n in range(directors)]
    others, total = users - directors, sum(ROLE_MIX.values())
    counts = {role: round(others * share / total) for role, share in ROLE_MIX.items()}
    counts["centre_staff"] += others - sum(counts.values())  # rounding
    for role, count in counts.items():
        names = of(role)
        chosen += [(names[n % len(names)], False) for n in range(count)]
    return chosen


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(results: Results, duration: float) -> int:
    print(f"{'page':44} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    everything, errors = [], 0
    for label in sorted(results.times, key=lambda k: -len(results.times[k])):
        times = results.times[label]
        failed = len(results.errors[label])
        everything += times
        errors += failed
        print(
            f"{label[:44]:44} {len(times):8d} {failed:6d} {percentile(times, 0.5) * 1000:7.0f}"
            f" {percentile(times, 0.95) * 1000:7.0f} {max(times) * 1000:7.0f}"
        )
    if everything:
        print(
            f"{'all pages':44} {len(everything):8d} {errors:6d} "
            f"{percentile(everything, 0.5) * 1000:7.0f} {percentile(everything, 0.95) * 1000:7.0f} "
            f"{max(everything) * 1000:7.0f}"
        )
    print(f"throughput: {len(everything) / duration:.1f} pages/s over {duration:.0f} s; errors: {errors}")
    for label, messages in results.errors.items():
        if messages:
            print(f"  errors on {label}: {', '.join(sorted(set(messages)))}")
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--directors", type=int, default=5, help="how many of the users are centre directors")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between pages, seconds")
    parser.add_argument("--duration", type=float, default=60, help="measured seconds, once all have logged in")
    parser.add_argument("--ramp", type=float, default=10, help="seconds over which the users start logging in")
    parser.add_argument("--workers", type=int, default=3)
    # Defaults: the worker model the README documents for production (measured there against the others).
    parser.add_argument("--threads", type=int, default=4, help="1: sync workers; more: gthread workers")
    parser.add_argument("--port", type=int, default=8117)
    parser.add_argument("--pg-port", type=int, default=55517)
    parser.add_argument("--redis-port", type=int, default=56517)
    parser.add_argument("--keep", type=Path, help="keep the database in this directory (reused when it exists)")
    args = parser.parse_args()

    with (
        postgresql(args.pg_port, keep=args.keep) as url,
        tempfile.TemporaryDirectory(prefix="legalaid-load-") as tmp_name,
    ):
        tmp = Path(tmp_name)
        tmp.chmod(0o755)
        setup_django(url, tmp, collect_static=True, fast_passwords=False)
        from django.core.management import call_command
        from django.urls import reverse

        from legalaid.demo import DEMO_PASSWORD
        from legalaid.models import User

        call_command("migrate", verbosity=0)
        if not User.objects.filter(profile__role=DIRECTOR).exists():
            started = time.perf_counter()
            call_command("demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115 - the command's chatter
            print(f"demo data seeded in {time.perf_counter() - started:.0f} s")
        users = accounts(args.users, args.directors)
        dashboard = reverse("supervision:statistics_dashboard")
        from django.db import connections

        connections.close_all()  # the server's workers have the database to themselves

        with redis(args.redis_port, tmp) as redis_url:
            env = {**os.environ, **bench_environment(url, tmp), "REDIS_URL": redis_url}
            model = "sync" if args.threads == 1 else f"gthread × {args.threads} threads"
            log = tmp / "gunicorn.log"
            with gunicorn(args.port, args.workers, args.threads, env, log) as base:
                results, window = Results(), Window(args.duration)
                threads = [
                    SimulatedUser(base, name, DEMO_PASSWORD, dashboard if director else None, args.think, results,
                                  window, seed=n)
                    for n, (name, director) in enumerate(users)
                ]  # fmt: skip
                start = time.monotonic()
                for n, thread in enumerate(threads):
                    time.sleep(max(0.0, start + args.ramp * n / len(threads) - time.monotonic()))
                    thread.start()
                for thread in threads:
                    thread.ready.wait(timeout=600)
                logged_in = time.monotonic() - start
                window.open()
                for thread in threads:
                    # A request started before the end is waited for (up to its 60 s timeout) and counted.
                    thread.join(timeout=max(0.0, window.end - time.monotonic()) + 65)
                failures = [t.failure for t in threads if t.failure]
                load = os.getloadavg()
            logins = [t.login_seconds for t in threads if not t.failure]
            print(
                f"\ngunicorn {args.workers} workers, {model}; {len(users)} users ({args.directors} directors), "
                f"mean think time {args.think:g} s; {args.duration:g} s measured once all had logged in"
            )
            print(f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs")
            if logins:
                print(
                    f"logins (not measured): all in {logged_in:.0f} s, each p50 {percentile(logins, 0.5):.1f} s, "
                    f"max {max(logins):.1f} s (password hashing is slow by design)"
                )
            for failure in failures:
                print(f"  {failure}")
            errors = report(results, args.duration)
            problems = [line for line in log.read_text().splitlines() if "Traceback" in line or "[ERROR]" in line]
            if problems:
                print(f"gunicorn log: {len(problems)} error lines; the last lines:")
                print("\n".join(log.read_text().splitlines()[-20:]))
    return 1 if errors or failures else 0


if __name__ == "__main__":
    sys.exit(main())
