from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "luntan.safety"
    verbose_name = _("内容安全")

    def ready(self) -> None:
        from luntan.core.wordcheck import register_text_filter
        from luntan.posting import screening

        from . import signals  # noqa: F401  (connects its receivers)
        from .forms import add_post_captcha, filter_text
        from .services import hold_for_review

        # Posting sits below safety (safety publishes through its services), and every app that
        # takes members' text below that: they ask through these registries.
        register_text_filter(filter_text)
        screening.register(form_extra=add_post_captcha, holder=hold_for_review)
