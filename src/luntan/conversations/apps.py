from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "luntan.conversations"
    verbose_name = _("短消息")
