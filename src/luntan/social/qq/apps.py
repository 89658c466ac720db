from django.apps import AppConfig


class QQConfig(AppConfig):
    """QQ互联 as an allauth provider: allauth finds `provider.py` in every installed app."""

    name = "luntan.social.qq"
    label = "luntan_qq"
    verbose_name = "QQ"
