from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThreadsConfig(AppConfig):
    name = "luntan.threads"
    verbose_name = _("主题与帖子")

    def ready(self) -> None:
        from luntan.core.member_pages import register_condition, register_hole
        from luntan.posting.forms import new_client_token

        from . import hidden

        # The quick-reply form's double-submit token must be new for every page a member opens.
        register_hole("client-token", lambda request: new_client_token())
        register_condition(hidden.CONDITION, hidden.reader_allowed)
