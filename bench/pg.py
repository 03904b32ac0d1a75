"""The one throwaway PostgreSQL server and Django set-up that every benchmark here shares.

    from pg import postgresql, setup_django

    with postgresql(55517) as url:            # initdb in a temporary directory, started on 127.0.0.1:55517
        setup_django(url, tmp)                # Django pointed at it, bench-friendly settings
        ...                                   # the server is stopped and its directory removed afterwards

With `keep=DIR` the cluster lives in DIR and is reused (not re-created) by the next run with the same
DIR, so a generated data set survives between runs. With DATABASE_URL set to a PostgreSQL URL in the
environment, no server is started: that database is used as it is (filled or empty; each benchmark
decides whether it must generate). Scripts run as root start the server as the `postgres` user, as
scripts/test.sh does.
"""

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# No durability (the data is thrown away) and the planner costs and memory of a production server
# with SSDs, so that query plans are those production would choose.
SERVER_OPTIONS = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=1GB -c work_mem=64MB"
    " -c maintenance_work_mem=512MB -c max_wal_size=4GB -c jit=off -c random_page_cost=1.1"
    " -c effective_cache_size=8GB -c max_connections=200"
)


def _pg_bin() -> Path:
    return sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))[-1]


@contextlib.contextmanager
def postgresql(port: int, keep: Path | None = None) -> Iterator[str]:
    """Yield the DATABASE_URL of a PostgreSQL server on 127.0.0.1:port, stopped (and removed) afterwards."""
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith("postgres"):
        yield given
        return
    pg_bin = _pg_bin()
    directory = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="legalaid-bench-pg-"))
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o755)
    as_pg = []
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    data = directory / "pg"
    fresh = not (data / "PG_VERSION").exists()

    def run(*command: str) -> None:
        subprocess.run([*as_pg, *command], check=True, capture_output=True)

    try:
        if fresh:
            run(str(pg_bin / "initdb"), "-D", str(data), "-U", "legalaid", "--auth=trust", "-E", "UTF8",
                "--locale=C.UTF-8")  # fmt: skip
        options = f"-h 127.0.0.1 -p {port} -k {directory} {SERVER_OPTIONS}"
        run(str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(directory / "pg.log"), "-w", "-o", options, "start")
        if fresh:
            run(str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "legalaid", "legalaid")
        yield f"postgres://legalaid@127.0.0.1:{port}/legalaid"
    finally:
        # A kept cluster is shut down cleanly so that the next run starts without recovery.
        mode = "fast" if keep else "immediate"
        subprocess.run([*as_pg, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", mode, "stop"], capture_output=True)
        if not keep:
            shutil.rmtree(directory, ignore_errors=True)


def bench_environment(database_url: str, tmp: Path) -> dict[str, str]:
    """Environment for Django (in this process or a server it starts) on the bench database, over plain HTTP."""
    return {
        "DATABASE_URL": database_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "k" * 60),
        "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        # The bench's directors have no second-factor device; confirming it is one step after the
        # password, not part of any page's time.
        "SECOND_FACTOR_REQUIRED": "false",
        "CONN_MAX_AGE": "600",
        "MEDIA_ROOT": str(tmp / "media"),
        "STATIC_ROOT": str(tmp / "static"),
        "SITE_URL": "http://127.0.0.1:8000",
    }


def setup_django(database_url: str, tmp: Path, collect_static: bool = False, fast_passwords: bool = True) -> None:
    """Point Django at the bench database and set it up in this process.

    `fast_passwords` hashes the passwords of users made here with MD5, which saves seconds of set-up;
    a benchmark whose server (another process) checks those passwords must keep the real hashers.

    A DATABASE_URL switches on production static storage (hashed names from a manifest): either
    collect the files as a deployment would (`collect_static=True`, needed when the pages' static
    URLs matter) or serve them unhashed.
    """
    sys.path.insert(0, str(ROOT))
    os.environ.update(bench_environment(database_url, tmp))
    os.environ["DJANGO_SETTINGS_MODULE"] = "legalaid.settings"
    import django
    from django.conf import settings

    django.setup()
    if fast_passwords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if collect_static:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
    else:
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }


def server_version() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        return cursor.connection.info.server_version
