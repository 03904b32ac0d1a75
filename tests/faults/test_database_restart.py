"""PostgreSQL restarted under a live server: the next requests find a fresh connection, never a 500."""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.faults.servers import free_port, wait_for_port
from tests.worker import test_database_url as worker_database_url

pytestmark = pytest.mark.faults
ROOT = Path(__file__).resolve().parents[2]


def restart_postgresql() -> None:
    pg_ctl, data = os.environ.get("TEST_PG_CTL"), os.environ.get("TEST_PG_DATA")
    if not (pg_ctl and data):
        pytest.skip("the suite's own PostgreSQL is needed: run it with scripts/test.sh")
    run_as = os.environ.get("TEST_PG_RUN_AS")
    # With its own log file, so the restarted server does not hold our pipe open.
    command = [pg_ctl, "-D", data, "-l", str(Path(data).parent / "pg.log"), "-m", "fast", "-w", "restart"]
    if run_as:
        command = ["runuser", "-u", run_as, "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> int:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def log_in(self, username: str, password: str) -> None:
        with self.opener.open(self.base + "/accounts/login/", timeout=30) as response:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode()).group(1)
        data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        request = urllib.request.Request(
            self.base + "/accounts/login/", data=data.encode(), headers={"Referer": self.base}
        )
        with self.opener.open(request, timeout=30) as response:
            assert "/accounts/login/" not in response.url, "login failed"


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"), reason="PostgreSQL only")
def test_no_500_after_postgresql_restarts(transactional_db, alice):
    # The server hashes as production does (the suite's fast test hasher is not in its settings).
    alice.password = PBKDF2PasswordHasher().encode("Ha7-restart-check", PBKDF2PasswordHasher().salt())
    alice.save(update_fields=["password"])
    port = free_port()
    env = {**os.environ, "DATABASE_URL": worker_database_url(), "CONN_MAX_AGE": "600"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "legalaid.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for_port(port, up=True, timeout=60)
        browser = Browser(f"http://127.0.0.1:{port}")
        browser.log_in("alice", "Ha7-restart-check")
        with ThreadPoolExecutor(4) as pool:  # every worker holds a persistent connection now
            assert set(pool.map(lambda _: browser.get("/"), range(12))) == {200}
        restart_postgresql()
        time.sleep(0.5)
        with ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(lambda _: browser.get("/"), range(20)))
        assert statuses.count(500) == 0, statuses
        assert set(statuses) == {200}
    finally:
        server.terminate()
        server.wait(timeout=30)
        connection.close()  # this process's connection died with the restart too
