from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "luntan.moderation"
    verbose_name = _("版主管理")
