"""`make test`: whatever DATABASE_URL / REDIS_URL the runner chose, fast hashing, no flood waits."""

from .base import *  # noqa: F403
from .base import CACHES, REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LUNTAN_POST_INTERVAL = 0
LUNTAN_VIEW_FLUSH_SECONDS = 0
# Tests change rows directly and expect the next page to show it; page-cache tests turn it on.
LUNTAN_PAGE_CACHE_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each test run gets its own cache namespace so parallel backends never see each other's keys.
if REDIS_URL:
    import os

    CACHES["default"]["KEY_PREFIX"] = f"luntan-test-{os.getpid()}"
ACCOUNT_RATE_LIMITS = False
