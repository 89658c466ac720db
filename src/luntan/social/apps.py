from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "luntan.social"
    verbose_name = _("第三方登录")
