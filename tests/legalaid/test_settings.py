"""Settings read from the environment: demo defaults, production checks, loud failures."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_KEYS = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "CELERY_TASK_ALWAYS_EAGER",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SITE_URL",
)


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_KEYS and not k.startswith("SECURE_")}
    clean.pop("SESSION_COOKIE_SECURE", None)
    clean.pop("CSRF_COOKIE_SECURE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert "en" in dict(settings.LANGUAGES)
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ


def test_demo_defaults_need_no_environment():
    result = manage("diffsettings", "--all")
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout
    assert "CELERY_TASK_ALWAYS_EAGER = True" in result.stdout
    assert "DEBUG = False" in result.stdout


def test_bad_boolean_stops_the_start():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "不是有效的布尔值" in result.stderr


def test_production_without_secret_key_stops_the_start():
    result = manage("check", DATABASE_URL="sqlite:////tmp/legalaid-prod-check.db")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_bad_integer_stops_the_start():
    result = manage("check", SESSION_COOKIE_AGE="eight hours")
    assert result.returncode != 0


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DATABASE_URL="sqlite:////tmp/legalaid-prod-check.db",
        REDIS_URL="redis://127.0.0.1:6379/0",
        SECRET_KEY="x7Gq2LmZp9Vt4Rw8Ks1Nd6Hb3Jf5Yc0Ue2Ia7Oo9Pl4Mk8Nj3Bh6Vg1Cf5Xd2Sz",
        ALLOWED_HOSTS="legalaid.example.gov.cn",
        SITE_URL="https://legalaid.example.gov.cn",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


PRODUCTION = {
    "DATABASE_URL": "sqlite:////tmp/legalaid-prod-check.db",
    "SECRET_KEY": "x7Gq2LmZp9Vt4Rw8Ks1Nd6Hb3Jf5Yc0Ue2Ia7Oo9Pl4Mk8Nj3Bh6Vg1Cf5Xd2Sz",
    "ALLOWED_HOSTS": "legalaid.example.gov.cn",
}


def test_check_deploy_fails_without_site_url():
    result = manage("check", "--deploy", REDIS_URL="redis://127.0.0.1:6379/0", **PRODUCTION)
    assert result.returncode != 0
    assert "legalaid.E001" in result.stderr + result.stdout


def test_check_deploy_fails_without_redis_url():
    result = manage("check", "--deploy", SITE_URL="https://legalaid.example.gov.cn", **PRODUCTION)
    assert result.returncode != 0
    assert "legalaid.E002" in result.stderr + result.stdout


def test_database_connections_are_health_checked():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
