"""Settings shared by every environment; the environment picks backends and secrets."""

from pathlib import Path

from .env import check_redis_url, env_bool, env_int, env_list, env_str, parse_database_url

SRC_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = SRC_DIR.parent
VAR_DIR = Path(env_str("LUNTAN_VAR_DIR", str(PROJECT_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    # luntan's apps come before allauth so that their templates override allauth's.
    "luntan.core",
    "luntan.accounts",
    "luntan.permissions",
    "luntan.boards",
    "luntan.threads",
    "luntan.posting",
    "luntan.demo",
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "luntan.urls"
WSGI_APPLICATION = "luntan.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "luntan.core.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": parse_database_url(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'luntan.sqlite3'}")
    )
}
_db = DATABASES["default"]
if _db["ENGINE"].endswith("sqlite3"):
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so two
    # repliers queue instead of failing with "database is locked" on lock upgrade.
    _db["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    _db["OPTIONS"].setdefault("timeout", 20)
    _db["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
elif _db["ENGINE"].endswith("mysql"):
    # utf8mb4 so every Chinese character and emoji round-trips.
    _db["OPTIONS"].setdefault("charset", "utf8mb4")
    _db["OPTIONS"].setdefault("isolation_level", "read committed")
    _db["OPTIONS"].setdefault("init_command", "SET sql_mode='STRICT_TRANS_TABLES'")
    _db["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
elif _db["ENGINE"].endswith("postgresql"):
    _db["CONN_HEALTH_CHECKS"] = True
_db["CONN_MAX_AGE"] = env_int(
    "DATABASE_CONN_MAX_AGE", 0 if _db["ENGINE"].endswith("sqlite3") else 60
)

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    check_redis_url(REDIS_URL)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "luntan"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "luntan",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# allauth: log in by username or e-mail; e-mail is asked for so that 找回密碼 can work.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "optional")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USERNAME_MIN_LENGTH = 2
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
ACCOUNT_ADAPTER = "luntan.accounts.adapters.AccountAdapter"

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 10
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "luntan <noreply@localhost>")

# The site's default script; readers switch with the 繁體/简体 link (a cookie).
LANGUAGE_CODE = env_str("LUNTAN_LANGUAGE", "zh-hant")
LANGUAGES = [("zh-hant", "繁體中文"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [SRC_DIR / "luntan" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"luntan": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# Forum behaviour an operator may tune.
LUNTAN_SITE_NAME = env_str("LUNTAN_SITE_NAME", "霍林河信息港")
LUNTAN_POSTS_PER_PAGE = env_int("LUNTAN_POSTS_PER_PAGE", 20)
LUNTAN_THREADS_PER_PAGE = env_int("LUNTAN_THREADS_PER_PAGE", 20)
LUNTAN_TITLE_MAX_LENGTH = 80
LUNTAN_BODY_MAX_LENGTH = env_int("LUNTAN_BODY_MAX_LENGTH", 20000)
LUNTAN_BODY_MIN_LENGTH = 2
# Seconds a member waits between two posts (flood control); staff are exempt.
LUNTAN_POST_INTERVAL = env_int("LUNTAN_POST_INTERVAL", 10)
# Buffered thread views are written to the database this often (0: only by flush_thread_views).
LUNTAN_VIEW_FLUSH_SECONDS = env_int("LUNTAN_VIEW_FLUSH_SECONDS", 30)
