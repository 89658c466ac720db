"""The benchmark serves luntan exactly as production does, plus one bare view as the yardstick."""

from luntan.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
