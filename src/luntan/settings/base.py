"""Settings shared by every environment; the environment picks backends and secrets."""

from pathlib import Path

from .env import (
    apply_statement_timeout,
    check_redis_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_database_url,
)

SRC_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = SRC_DIR.parent
VAR_DIR = Path(env_str("LUNTAN_VAR_DIR", str(PROJECT_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "luntan.core.views.csrf_failure"
# Proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client: nginx on the same
# host is 127.0.0.1,::1. Empty: the peer's address is the client's (luntan.core.client_address).
LUNTAN_TRUSTED_PROXIES = env_list("LUNTAN_TRUSTED_PROXIES", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # luntan's apps come before allauth so that their templates override allauth's.
    "luntan.core",
    "luntan.accounts",
    "luntan.permissions",
    "luntan.credits",
    "luntan.boards",
    "luntan.threads",
    "luntan.posting",
    "luntan.portal",
    "luntan.safety",
    "captcha",
    "luntan.attachments",
    "luntan.notifications",
    "luntan.conversations",
    "luntan.ratings",
    "luntan.favourites",
    "luntan.moderation",
    "luntan.demo",
    "luntan.social",
    "luntan.social.qq",
    "luntan.api",
    "luntan.search",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.weixin",
    "allauth.socialaccount.providers.weibo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost but one, so cached pages and error pages carry the policy too.
    "luntan.core.csp.ContentSecurityPolicyMiddleware",
    # One cache read per request says whether this worker's copy of the site's configuration holds.
    "luntan.core.shared_config.SharedConfigMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # 在线会员: marks each reader present once the answer is ready (cached pages included).
    "luntan.accounts.online.OnlineMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Readers with no language preference get the default chosen in the site settings.
    "luntan.portal.middleware.SiteLanguageMiddleware",
    # /zh-hans/… and /zh-hant/… name their script whatever the reader's preference.
    "luntan.core.script_urls.ScriptPrefixMiddleware",
    # 繁體 in the site's variant (standard or Taiwan usage), whichever way it was chosen.
    "luntan.core.traditional.TraditionalVariantMiddleware",
    # Anonymous pages from the cache: after the language is settled, before CSRF, auth and views.
    "luntan.core.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # 每天登录: the day's first visit of a logged-in member earns the rule's reward.
    "luntan.credits.middleware.DailyVisitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # 禁止 IP: registration, login and posting from banned addresses are refused.
    "luntan.moderation.middleware.IPBanMiddleware",
    # Members' pages shared by role, inside every middleware that adds headers or messages.
    "luntan.core.member_pages.MemberPageCacheMiddleware",
    # Innermost, so a lost database connection becomes a 503 page before anything else sees it.
    "luntan.core.unavailable.DatabaseUnavailableMiddleware",
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
                "luntan.portal.context_processors.site",
                "luntan.core.context_processors.reader_holes",
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
    # A fresh clone has no var/ yet; SQLite creates the file but not its folder.
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
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
elif env_bool("DATABASE_PREPARED_STATEMENTS", True):  # PostgreSQL
    # Parameters sent apart from the SQL, and a statement run twice on a connection is prepared
    # once: PostgreSQL stops parsing and planning the same few queries on every request. Off
    # (DATABASE_PREPARED_STATEMENTS=0) behind PgBouncer in transaction mode.
    _db["OPTIONS"].setdefault("server_side_binding", True)
    _db["OPTIONS"].setdefault("prepare_threshold", 2)
if not _db["ENGINE"].endswith("sqlite3"):
    # Kept connections are tested before reuse, so a database restart heals without a restart.
    _db["CONN_HEALTH_CHECKS"] = True
# Seconds a statement may run (0: no limit). deploy/luntan.service sets it for the web
# processes only; migrations and repair commands run without it.
apply_statement_timeout(_db, env_int("DATABASE_STATEMENT_TIMEOUT", 0))
_db["CONN_MAX_AGE"] = env_int(
    "DATABASE_CONN_MAX_AGE", 0 if _db["ENGINE"].endswith("sqlite3") else 60
)
# Searches may read from a PostgreSQL streaming replica (same schema, same GIN indexes); index
# writes always go to DATABASE_URL. Tests read the default database (MIRROR).
if env_str("SEARCH_DATABASE_URL"):
    _search = parse_database_url(env_str("SEARCH_DATABASE_URL"), setting="SEARCH_DATABASE_URL")
    DATABASES["search"] = {
        **_db,
        **_search,
        "OPTIONS": {**_db["OPTIONS"], **_search.get("OPTIONS", {})},
        "TEST": {"MIRROR": "default"},
    }
LUNTAN_SEARCH_DATABASE = "search" if "search" in DATABASES else "default"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    check_redis_url(REDIS_URL)
    CACHES = {
        "default": {
            # Django's RedisCache with short timeouts that degrades to "not cached" when Redis
            # is down instead of raising (luntan.core.redis_cache).
            "BACKEND": "luntan.core.redis_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "luntan"),
        }
    }
    # Sessions are read from Redis and kept in the database too, so a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
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
# Registration must not tell whether an address is in use (找回密码 already does not): a taken
# address is accepted unverified on the new account, as allauth's "strict" mode does; verified
# addresses stay unique, and a reset mail goes to the verified owner first.
ACCOUNT_PREVENT_ENUMERATION = "strict"
ACCOUNT_USERNAME_MIN_LENGTH = 2
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Failed logins are limited per address only: an account's own failures make its form ask for
# a captcha instead (luntan.safety.captcha), so a stranger cannot lock a member out.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
ACCOUNT_ADAPTER = "luntan.portal.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "luntan.safety.forms.LoginForm",
    "signup": "luntan.safety.forms.SignupForm",
}
# A failed login counts against its account for this long (captcha after too many).
LUNTAN_LOGIN_FAILURE_SECONDS = env_int("LUNTAN_LOGIN_FAILURE_SECONDS", 900)
# django-simple-captcha: four characters, valid for ten minutes.
CAPTCHA_TIMEOUT = 10

# Social login: QQ互联 (our own provider, luntan.social.qq), 微信 网站应用 and 微博. Keys live
# in the admin (社交应用) or in the variables below; a provider without keys shows no button.
SOCIALACCOUNT_ADAPTER = "luntan.social.adapter.SocialAccountAdapter"
# A first social login always lands on the one-step page (只需一步,快速开始), where the reader
# picks a username or binds an account they already have.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_REQUIRED = False
# QQ/WeChat/Weibo vouch for the person; an e-mail given on the one-step page is verified optionally.
SOCIALACCOUNT_EMAIL_VERIFICATION = "optional"
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("SOCIALACCOUNT_REQUESTS_TIMEOUT", 5)
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS: dict = {
    "qq": {
        "API_BASE_URL": env_str("QQ_API_BASE_URL", "https://graph.qq.com"),
        # unionid is the same across all of an operator's QQ apps; switching an existing site
        # from openid to unionid orphans the bindings made so far.
        "UNIONID": env_bool("QQ_UNIONID", False),
        "SCOPE": ["get_user_info"],
    },
    "weixin": {"SCOPE": ["snsapi_login"]},
    "weibo": {},
}
for _provider, _id_var, _secret_var in (
    ("qq", "QQ_APP_ID", "QQ_APP_KEY"),
    ("weixin", "WEIXIN_APP_ID", "WEIXIN_APP_SECRET"),
    ("weibo", "WEIBO_APP_KEY", "WEIBO_APP_SECRET"),
):
    if env_str(_id_var):
        SOCIALACCOUNT_PROVIDERS[_provider]["APP"] = {
            "client_id": env_str(_id_var),
            "secret": env_str(_secret_var),
        }

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
# Django serves MEDIA_ROOT itself only for `make run`; in production nginx does (deploy/).
LUNTAN_SERVE_MEDIA = env_bool("LUNTAN_SERVE_MEDIA", False)
# Attachments live in their own storage, never under a public URL: every byte is served through
# a permission check (see attachments/views.py). LUNTAN_ATTACHMENT_STORAGE=s3 keeps them in an
# S3-compatible object store through django-storages (docs/production.md lists its AWS_* settings).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "attachments": (
        {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"default_acl": "private"}}
        if env_str("LUNTAN_ATTACHMENT_STORAGE") == "s3"
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(VAR_DIR / "attachments"), "base_url": None},
        }
    ),
}
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
# Minutes after posting during which a member may edit their own post (0: always); moderators
# may edit any post in their boards at any time.
LUNTAN_EDIT_MINUTES = env_int("LUNTAN_EDIT_MINUTES", 0)
# Seconds a member waits between two posts (flood control); board moderators are exempt.
LUNTAN_POST_INTERVAL = env_int("LUNTAN_POST_INTERVAL", 10)
# IP属地: where `manage.py install_ip2region FILE` puts the ip2region database (none: not shown).
LUNTAN_IP2REGION_DIR = env_str("LUNTAN_IP2REGION_DIR", str(VAR_DIR / "ip2region"))
# 举报: how many reports a member may make in an hour.
LUNTAN_REPORTS_PER_HOUR = env_int("LUNTAN_REPORTS_PER_HOUR", 10)
# 搜索时间限制: searches per window, counted per member and per IP address (0 turns it off).
LUNTAN_SEARCH_LIMIT = env_int("LUNTAN_SEARCH_LIMIT", 10)
LUNTAN_SEARCH_WINDOW = env_int("LUNTAN_SEARCH_WINDOW", 60)
# New and changed posts reach the search index in batches, this many seconds after the first
# change (0: right after each commit, in the process that made it). docs/search.md.
LUNTAN_SEARCH_FLUSH_SECONDS = env_int("LUNTAN_SEARCH_FLUSH_SECONDS", 1)
# Buffered thread views are written to the database this often (0: only by flush_thread_views).
LUNTAN_VIEW_FLUSH_SECONDS = env_int("LUNTAN_VIEW_FLUSH_SECONDS", 30)
# Anonymous index, board and thread pages are kept this long in the cache (0: off). Writes
# invalidate them at once; the default is on only with Redis, a cache every web process shares.
LUNTAN_PAGE_CACHE_SECONDS = env_int("LUNTAN_PAGE_CACHE_SECONDS", 300 if REDIS_URL else 0)
# The longest a worker or the cache keeps site settings, permissions, credit rules and member
# groups without re-reading them: a change nobody forgot (a bulk update, the shell) shows within it.
LUNTAN_CONFIG_MAX_AGE = env_int("LUNTAN_CONFIG_MAX_AGE", 10)
# Cache-Control max-age of anonymous pages, for browsers, nginx and CDNs.
LUNTAN_PAGE_MAX_AGE = env_int("LUNTAN_PAGE_MAX_AGE", 10)
# Behind a CDN that serves thread pages without asking luntan: browsers report each view to
# /thread/N/viewed/ instead of the page counting itself.
LUNTAN_VIEW_BEACON = env_bool("LUNTAN_VIEW_BEACON", False)
# URLs per sitemap file; sitemaps.org allows at most 50,000.
LUNTAN_SITEMAP_PAGE_SIZE = min(env_int("LUNTAN_SITEMAP_PAGE_SIZE", 50000), 50000)
# Every answer's Content-Security-Policy (luntan.core.csp): no inline script or style anywhere.
# form-action is left open because a social login's POST ends in a redirect to QQ/WeChat/Weibo.
LUNTAN_CONTENT_SECURITY_POLICY = env_str(
    "LUNTAN_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: http: blob:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
)
# [media] shows a player only for these hosts (an https URL on them is embedded as is, sandboxed);
# any other video URL becomes a plain link. Applies to posts written after a change.
LUNTAN_MEDIA_HOSTS = env_list(
    "LUNTAN_MEDIA_HOSTS", ["player.bilibili.com", "player.youku.com", "www.youtube-nocookie.com"]
)

if env_str("LUNTAN_ATTACHMENT_STORAGE") == "s3":
    # django-storages reads these from settings; credentials may also come from the instance role.
    AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
    AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID") or None
    AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY") or None
    AWS_QUERYSTRING_EXPIRE = env_int("AWS_QUERYSTRING_EXPIRE", 3600)

# Attachments. Sizes in KB; per-group limits are set in the admin (附件上传限制) and fall back
# to these. Pixels beyond MAX_PIXELS are refused before decoding (decompression bombs); larger
# sides are scaled down to MAX_SIDE.
LUNTAN_ATTACHMENT_MAX_KB = env_int("LUNTAN_ATTACHMENT_MAX_KB", 10240)
LUNTAN_ATTACHMENT_MAX_PIXELS = env_int("LUNTAN_ATTACHMENT_MAX_PIXELS", 50_000_000)
LUNTAN_ATTACHMENT_MAX_SIDE = env_int("LUNTAN_ATTACHMENT_MAX_SIDE", 4096)
LUNTAN_ATTACHMENT_THUMB_SIDE = 300
# Behind nginx: the URL prefix of its `internal` location that serves the attachment files, so
# luntan checks permissions and nginx sends the bytes (deploy/nginx-luntan.conf). Empty: Python
# streams them (make run, tests).
LUNTAN_ATTACHMENT_ACCEL_PREFIX = env_str("LUNTAN_ATTACHMENT_ACCEL_PREFIX", "")
# Uploads never posted are removed after this many hours (manage.py remove_stale_uploads).
LUNTAN_ATTACHMENT_STALE_HOURS = env_int("LUNTAN_ATTACHMENT_STALE_HOURS", 24)
LUNTAN_AVATAR_MAX_KB = env_int("LUNTAN_AVATAR_MAX_KB", 5120)
LUNTAN_AVATAR_CHANGES_PER_DAY = env_int("LUNTAN_AVATAR_CHANGES_PER_DAY", 10)
# 附件售价: paid in this credit kind (2: 金钱 by default), at most this much per attachment.
LUNTAN_ATTACHMENT_PRICE_SLOT = env_int("LUNTAN_ATTACHMENT_PRICE_SLOT", 2)
LUNTAN_ATTACHMENT_MAX_PRICE = env_int("LUNTAN_ATTACHMENT_MAX_PRICE", 1000)

# The background worker (luntan/celery.py). Without a broker, tasks run in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # Celery takes a producer even to run a task in-process: an in-memory one, which never
    # connects (an empty URL made kombu warn of a missing host on each process's first task).
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "luntan")
# A task is acknowledged once done, so a worker killed mid-task leaves it to another worker.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request queuing a task waits at most a few seconds for a broker that does not answer.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_TIMEZONE = TIME_ZONE
# The site's address as members reach it, for links in e-mails sent by the worker.
LUNTAN_SITE_URL = env_str("LUNTAN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# A notification e-mail the SMTP server refused is tried again after this, then twice as long…
LUNTAN_MAIL_RETRY_SECONDS = env_int("LUNTAN_MAIL_RETRY_SECONDS", 60)
# 短消息: the longest message, and how many one member may send in an hour (staff: no limit).
LUNTAN_PM_MAX_LENGTH = env_int("LUNTAN_PM_MAX_LENGTH", 2000)
LUNTAN_PM_PER_HOUR = env_int("LUNTAN_PM_PER_HOUR", 30)
# 在线会员: readers seen in the last this many minutes count as online.
LUNTAN_ONLINE_MINUTES = env_int("LUNTAN_ONLINE_MINUTES", 15)
