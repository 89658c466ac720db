"""`make test`: whatever DATABASE_URL / REDIS_URL the runner chose, fast hashing, no flood waits."""

import os
import secrets

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LUNTAN_POST_INTERVAL = 0
LUNTAN_VIEW_FLUSH_SECONDS = 0
# Each search test finds what it just posted; the batched path is tested with its own delay.
LUNTAN_SEARCH_FLUSH_SECONDS = 0
# Tests change rows directly and expect the next page to show it; page-cache tests turn it on.
LUNTAN_PAGE_CACHE_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each test run gets its own database names and cache namespace, so two runs on one machine
# (two backends, two checkouts) never clobber each other; cache.clear() deletes only this prefix.
_RUN_ID = os.environ.get("LUNTAN_TEST_RUN_ID") or f"{os.getpid()}_{secrets.token_hex(3)}"
if not DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        f"test_{DATABASES['default']['NAME']}_{_RUN_ID}"
    )
if REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = f"luntan-test-{_RUN_ID}"
ACCOUNT_RATE_LIMITS = False
