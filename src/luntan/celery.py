"""The background worker: Celery on RabbitMQ or Redis.

`CELERY_BROKER_URL` names the broker; without one (`make run`, the tests) every task runs in the
process that queued it, right after the commit that queued it, so nothing needs a broker. Run the
worker with `celery -A luntan worker` (deploy/luntan-worker.service).
"""

import os

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luntan.settings.dev")


class ConfiguredTask(Task):
    """Reads the site's configuration as a request does: one cache read per task for all of it
    (core/shared_config.py), not one read and unpickling per piece and per use."""

    def __call__(self, *args, **kwargs):
        from luntan.core.shared_config import one_generation  # Django is set up by now

        with one_generation():
            return super().__call__(*args, **kwargs)


app = Celery("luntan", task_cls=ConfiguredTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
