"""Settings for 法援通, read from the environment (see .env.example).

Defaults run the demo: SQLite, Celery tasks in-process, DEBUG off unless asked.
Production is switched on by DATABASE_URL, REDIS_URL, SECRET_KEY and ALLOWED_HOSTS.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEMO_SECRET_KEY = "demo-only-insecure-key-do-not-use-in-production-0123456789"


def strict_bool(name: str, default: bool) -> bool:
    """Like env.bool, but a value that is neither true nor false stops the start."""
    raw = env.str(name, default="").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} 不是有效的布尔值 (use true or false).")


DEBUG = strict_bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default=DEMO_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

PRODUCTION = "DATABASE_URL" in env
if PRODUCTION and SECRET_KEY == DEMO_SECRET_KEY:
    raise ImproperlyConfigured("生产环境必须设置 SECRET_KEY (SECRET_KEY must be set in production).")
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY 至少需要 50 个字符 (SECRET_KEY must be at least 50 characters).")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "legalaid",
    "intake",
    "eligibility",
    "cases",
    "supervision",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "legalaid.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "legalaid.middleware.SessionRefreshMiddleware",
    "legalaid.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "legalaid.middleware.SignedInUserMiddleware",
    "legalaid.middleware.RejectNulMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "legalaid.twofactor.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "legalaid.urls"
CSRF_FAILURE_VIEW = "legalaid.views.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "legalaid.navigation.navigation",
            ],
            "builtins": ["legalaid.templatetags.legalaid_tags"],
        },
    },
    {
        # Row fragments of the most requested lists only (legalaid/jinja.py), in each app's jinja2/ directory.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "legalaid.jinja.environment",
            "filter_libraries": [
                "legalaid.templatetags.rows",
                "cases.templatetags.cases_tags",
                "intake.templatetags.intake_rows",
            ],
        },
    },
]

WSGI_APPLICATION = "legalaid.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
# A persistent connection that died (PostgreSQL restarted) is replaced before a request uses it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve PostgreSQL; the SQLite demo simply builds them without the extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "legalaid.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, the signed-in user's row read by a statement compiled once (legalaid.compiled).
    "legalaid.backends.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "legalaid.passwords.CharacterKindsValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Centre directors and administrators confirm a TOTP code after their password (legalaid/twofactor).
# On by default in production; the demo leaves it off so its logins work at once.
SECOND_FACTOR_REQUIRED = strict_bool("SECOND_FACTOR_REQUIRED", default=PRODUCTION)
OTP_TOTP_ISSUER = "法援通"
# Reverse proxies in front of the site that append to X-Forwarded-For (nginx: 1). 0 = none: the
# client is REMOTE_ADDR. Every rate limit and the login lockout read the address through legalaid.net.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Lockout after repeated failures (django-axes): per username AND address, so an attacker slows only
# themselves; the cool-off starts at a minute and doubles per further failure, up to 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = "legalaid.net.login_cool_off"
AXES_CLIENT_IP_CALLABLE = "legalaid.net.client_ip"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Sessions expire after a working day of inactivity and when the browser closes. A session in use is saved
# again (its expiry pushed back) once per SESSION_REFRESH_INTERVAL seconds rather than on every request
# (legalaid.middleware.SessionRefreshMiddleware): the timeout holds to within those five minutes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
# Django's database sessions, each request's read of its row compiled once (legalaid.sessions).
SESSION_ENGINE = "legalaid.sessions"
SESSION_REFRESH_INTERVAL = env.int("SESSION_REFRESH_INTERVAL", default=5 * 60)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
# Apps keep their own catalogues (app/locale); statistics, a part of supervision, keeps its own too.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "supervision" / "statistics" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# In the demo WhiteNoise also serves files straight from the apps' static folders.
WHITENOISE_USE_FINDERS = not PRODUCTION

# Uploaded scans and generated PDFs live outside the web root and are only
# served through views that check the user's scope; there is no MEDIA_URL route.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Per request, and lower for the anonymous online application (legalaid.uploads.validate_upload_batch).
DATA_UPLOAD_MAX_NUMBER_FILES = 20  # Django answers 400 before reading more files
UPLOAD_MAX_FILES = env.int("UPLOAD_MAX_FILES", default=20)
UPLOAD_MAX_REQUEST_BYTES = env.int("UPLOAD_MAX_REQUEST_BYTES", default=40 * 1024 * 1024)
UPLOAD_PUBLIC_MAX_FILES = env.int("UPLOAD_PUBLIC_MAX_FILES", default=10)
UPLOAD_PUBLIC_MAX_REQUEST_BYTES = env.int("UPLOAD_PUBLIC_MAX_REQUEST_BYTES", default=20 * 1024 * 1024)

# Celery: a Redis broker when REDIS_URL is set; otherwise tasks run in-process.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = strict_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down or hung answers within seconds, never holds a web request for long; the
# outbox (legalaid.kernel.outbox) keeps what could not be published. The visibility timeout is how
# long a task taken by a worker that died waits before Redis hands it to another worker: longer
# than the longest task (a 1,000-card batch), short enough that a killed run resumes the same hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 5}
CELERY_RESULT_EXPIRES = 24 * 3600

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Rate limits and fragments only: a hung or stopped Redis is given up on quickly.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Behind a TLS-terminating proxy in production.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = strict_bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SESSION_COOKIE_SECURE = strict_bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = strict_bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Schedules live in code; each app adds its periodic tasks by name.
CELERY_BEAT_SCHEDULE: dict = {}
# intake: one-time notices past their due date with nothing supplied → deemed withdrawn (LAL 43).
CELERY_BEAT_SCHEDULE["intake-deem-overdue-withdrawn"] = {
    "task": "intake.tasks.deem_overdue_applications_withdrawn",
    "schedule": 3600.0,  # hourly; the service is idempotent and acts only on lapsed notices
}
# supervision: daily follow-up scheduling and enforcement reminders; the monthly bulletin on the 1st
# (crontab in CELERY_TIMEZONE). Both are idempotent: running twice creates nothing new.
CELERY_BEAT_SCHEDULE["supervision-daily"] = {
    "task": "supervision.tasks.daily_supervision",
    "schedule": crontab(hour=6, minute=30),
}
CELERY_BEAT_SCHEDULE["supervision-monthly-bulletin"] = {
    "task": "supervision.tasks.monthly_bulletins",
    "schedule": crontab(day_of_month=1, hour=3, minute=0),
}
# statistics: every centre's and workstation's monthly report of every closed month not yet filed (the month
# before, and any month beat missed), on the 1st; idempotent (one report per organisation and month, leased).
CELERY_BEAT_SCHEDULE["supervision-monthly-statistics"] = {
    "task": "supervision.statistics.tasks.monthly_statistics_reports",
    "schedule": crontab(day_of_month=1, hour=2, minute=0),
}
# statistics: this month's figures so far, for the director's dashboard.
CELERY_BEAT_SCHEDULE["supervision-month-to-date-statistics"] = {
    "task": "supervision.statistics.tasks.month_to_date_statistics",
    "schedule": crontab(minute="*/30"),
}
# eligibility: on the 1st, draw last month's integrity-pledge spot-checks (LAL 41); one draw per centre and month.
CELERY_BEAT_SCHEDULE["eligibility-pledge-spot-checks"] = {
    "task": "eligibility.tasks.draw_pledge_spot_checks",
    "schedule": crontab(day_of_month=1, hour=2, minute=30),
}

# kernel: the outbox relay publishes what a request could not hand to the broker; the repair sweep
# makes what should exist and does not (a card for every assigned case, a PDF for every notice).
CELERY_BEAT_SCHEDULE["legalaid-relay-outbox"] = {"task": "legalaid.tasks.relay_outbox", "schedule": 30.0}
CELERY_BEAT_SCHEDULE["legalaid-repair-missing-work"] = {
    "task": "legalaid.tasks.repair_missing_work",
    "schedule": crontab(minute="*/15"),
}
# The public address used in printed QR codes and notices.
SITE_URL = env.str("SITE_URL", default="" if PRODUCTION else "http://127.0.0.1:8000")
# Production without SITE_URL or REDIS_URL fails `check --deploy` (legalaid/checks.py).

# Messages (legalaid/messaging). E-mail through Django's backend from EMAIL_URL, e.g.
# smtp+tls://user:password@mail.example.gov.cn:587 ; unset, no e-mail is sent (and password reset is off).
EMAIL_CONFIGURED = "EMAIL_URL" in env
if EMAIL_CONFIGURED:
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="法律援助中心 <noreply@localhost>")
# SMS through an HTTP gateway (the province's government SMS platform or a provider); unset, none is sent.
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")
SMS_SIGN_NAME = env.str("SMS_SIGN_NAME", default="法律援助")
SMS_BACKEND = env.str("SMS_BACKEND", default="legalaid.messaging.channels.HttpJsonSmsGateway")
# First retry of a failed delivery after this many seconds, doubling each time.
MESSAGE_RETRY_SECONDS = env.int("MESSAGE_RETRY_SECONDS", default=60)
