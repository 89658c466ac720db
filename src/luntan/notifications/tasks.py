"""Work the worker does (see luntan/celery.py): a reply's fan-out and notification e-mails."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from kombu.exceptions import OperationalError

from luntan.accounts.models import User
from luntan.core.traditional import in_site_variant
from luntan.threads.models import Post, Thread

from .models import Kind, SystemNotice
from .services import notify_reply, send_system_notice

log = logging.getLogger(__name__)

# An SMTP server that is down or refuses for now is tried again after 1, 2, 4 … minutes.
MAIL_RETRIES = 6


def queue_reply_fan_out(post_id: int) -> None:
    """Called once a reply has committed: the reply stands whatever happens here. With the
    broker unreachable its notifications are lost, and the log says so."""
    try:
        fan_out_reply.delay(post_id)
    except (OperationalError, OSError):
        log.exception("fan-out of post %s not queued: the broker is unreachable", post_id)


@shared_task
def fan_out_reply(post_id: int) -> int:
    post = (
        Post.objects.select_related("thread__board", "thread__author", "author")
        .filter(pk=post_id, is_deleted=False)
        .first()
    )
    if post is None or post.thread.is_deleted:
        return 0
    return notify_reply(post)


@shared_task
def send_system_notice_task(notice_id: int) -> int:
    notice = SystemNotice.objects.filter(pk=notice_id).first()
    return send_system_notice(notice) if notice is not None else 0


@shared_task(bind=True, max_retries=MAIL_RETRIES)
def send_notice_email(
    self,
    *,
    user_id: int,
    kind: str,
    actor_name: str,
    thread_id: int | None,
    post_id: int | None,
    text: str,
) -> bool:
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    thread = Thread.objects.filter(pk=thread_id).first() if thread_id else None
    post = Post.objects.filter(pk=post_id).first() if post_id else None
    with translation.override(in_site_variant(settings.LANGUAGE_CODE)):
        context = {
            "user": user,
            "kind_label": Kind(kind).label,
            "site_name": settings.LUNTAN_SITE_NAME,
            "actor_name": actor_name,
            "thread": thread,
            "post": post,
            "text": text,
            "site_url": settings.LUNTAN_SITE_URL,
        }
        subject = render_to_string("notifications/email_subject.txt", context).strip()
        body = render_to_string("notifications/email_body.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError) as error:
        if self.request.retries >= self.max_retries:
            log.error("notice e-mail to member %s failed for good: %s", user_id, error)
            raise
        log.warning(
            "notice e-mail to member %s failed (try %d), retrying: %s",
            user_id,
            self.request.retries + 1,
            error,
        )
        raise self.retry(
            exc=error, countdown=settings.LUNTAN_MAIL_RETRY_SECONDS * 2**self.request.retries
        ) from error
    return True
