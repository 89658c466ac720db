"""The background worker: Celery on RabbitMQ or Redis.

`CELERY_BROKER_URL` names the broker; without one (`make run`, the tests) every task runs in the
process that queued it, right after the commit that queued it, so nothing needs a broker. Run the
worker with `celery -A luntan worker` (deploy/luntan-worker.service).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luntan.settings.dev")

app = Celery("luntan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
