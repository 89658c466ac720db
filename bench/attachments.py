#!/usr/bin/env python3
"""Attachments, measured: `python bench/attachments.py` prints

1. uploads per second of a 4 MB phone JPEG (decode, orient, strip EXIF/GPS, re-encode,
   thumbnail: `attachments.files.examine`) with 4 worker processes, as 4 gunicorn workers
   would run them;
2. requests per second of a thread page whose 20 posts each place an image inline, against the
   same page with text only, and of the permission check each image costs when nginx sends the
   bytes (X-Accel-Redirect), all through Django's test client on SQLite, one process, in
   interleaved rounds (median).

Figures depend on the machine; it prints the CPU count and load it saw.
"""

import io
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luntan.settings.test")

WORKERS = 4
UPLOADS = 24
PAGE_REQUESTS = 40
ROUNDS = 5


def phone_photo() -> bytes:
    """About 4 MB: a 12-megapixel JPEG (4000×3000, a gradient under noise: streets and faces
    do not compress much either) with orientation and GPS in its EXIF."""
    from PIL import Image

    gradient = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    image = Image.blend(gradient, Image.effect_noise((4000, 3000), 25).convert("RGB"), 0.5)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (45.0, 30.0, 0.0), 3: "E", 4: (119.0, 40.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def _setup_worker() -> None:
    import django

    django.setup()


def _examine(data: bytes) -> int:
    from luntan.attachments.files import examine

    return len(examine(data).data)


def bench_uploads() -> None:
    data = phone_photo()
    with ProcessPoolExecutor(WORKERS, initializer=_setup_worker) as pool:
        list(pool.map(_examine, [data] * WORKERS))  # warm up every worker
        start = time.perf_counter()
        list(pool.map(_examine, [data] * UPLOADS))
        elapsed = time.perf_counter() - start
    print(
        f"uploads of a {len(data) / 1e6:.1f} MB phone JPEG, {WORKERS} workers "
        f"({os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}): {UPLOADS / elapsed:.2f}/s"
    )


def bench_pages() -> None:
    import django
    from django.conf import settings

    tmp = tempfile.mkdtemp(prefix="luntan-bench-")
    settings.STORAGES["attachments"]["OPTIONS"]["location"] = tmp
    settings.LUNTAN_ATTACHMENT_ACCEL_PREFIX = "/_attachments/"
    settings.ALLOWED_HOSTS = ["*"]
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import setup_test_environment

    from luntan.accounts.models import User
    from luntan.attachments.services import upload_attachment
    from luntan.boards.models import Board, BoardGroup
    from luntan.posting.services import reply_to_thread, start_thread

    setup_test_environment()
    from django.test.utils import get_runner

    runner = get_runner(settings)(verbosity=0)
    old = runner.setup_databases()
    try:
        author = User.objects.create_user("bench", "b@example.test", "pw-12345678")
        board = Board.objects.create(group=BoardGroup.objects.create(name="g"), name="本地動態")
        small = io.BytesIO()
        from PIL import Image

        Image.new("RGB", (800, 600), "gray").save(small, "JPEG")
        text = start_thread(board=board, author=author, title="文字", body="第一楼")
        images = start_thread(board=board, author=author, title="图片", body="第一楼")
        image_ids = []
        for n in range(19):
            reply_to_thread(thread=text, author=author, body=f"第 {n + 2} 楼，只有文字。")
            upload = upload_attachment(
                user=author, upload=SimpleUploadedFile(f"{n}.jpg", small.getvalue())
            )
            image_ids.append(upload.pk)
            reply_to_thread(
                thread=images,
                author=author,
                body=f"第 {n + 2} 楼 [attachimg]{upload.pk}[/attachimg]",
                attachments=[upload.pk],
            )
        client = Client()

        def rate(urls: list[str]) -> float:
            start = time.perf_counter()
            for n in range(PAGE_REQUESTS):
                client.get(urls[n % len(urls)])
            return PAGE_REQUESTS / (time.perf_counter() - start)

        pages = {
            "text": [text.get_absolute_url()],
            "images": [images.get_absolute_url()],
            "checks": [f"/attachments/{pk}/" for pk in image_ids],
        }
        for urls in pages.values():
            for url in urls[:5]:
                assert client.get(url).status_code == 200, url
        # Interleaved rounds, median of each: a busy machine slows all three alike.
        rounds = {name: [] for name in pages}
        for _ in range(ROUNDS):
            for name, urls in pages.items():
                rounds[name].append(rate(urls))
        text_rate, image_rate, check_rate = (sorted(r)[ROUNDS // 2] for r in rounds.values())
        print(f"thread page, text only:            {text_rate:7.1f} requests/s")
        print(
            f"thread page, 19 inline images:     {image_rate:7.1f} requests/s "
            f"({100 * (image_rate / text_rate - 1):+.1f}%)"
        )
        print(f"image permission check (X-Accel): {check_rate:7.1f} requests/s")
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    import django

    django.setup()
    bench_uploads()
    bench_pages()
