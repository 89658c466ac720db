#!/usr/bin/env python3
"""How fast BBCode becomes clean HTML: `python bench/markup.py` prints ms per render of a
100,000-character realistic post and of each pathological input the tests guard against."""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luntan.settings.test")

import django  # noqa: E402

django.setup()

from luntan.core.markup import render_bbcode  # noqa: E402
from luntan.core.tests.test_markup import realistic_post  # noqa: E402

INPUTS = {
    "realistic post, 100,000 characters": realistic_post(100_000),
    "[b] × 33,000": "[b]" * 33_000,
    "[quote] × 14,000 nested": "[quote]" * 14_000 + "[/quote]" * 14_000,
    "http://a.b + ')' × 99,000": "http://a.b" + ")" * 99_000,
    "[b]x[/b] × 12,500": "[b]x[/b]" * 12_500,
}

for name, source in INPUTS.items():
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        render_bbcode(source)
        runs.append(time.perf_counter() - start)
    print(f"{name:40} best {min(runs) * 1000:7.1f} ms  median {sorted(runs)[2] * 1000:7.1f} ms")
