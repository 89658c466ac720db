from allauth.socialaccount.providers.base import ProviderAccount
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider

from .answers import QQMalformedAnswer
from .views import QQOAuth2Adapter

DEFAULT_API_BASE_URL = "https://graph.qq.com"


class QQAccount(ProviderAccount):
    def get_avatar_url(self) -> str | None:
        # figureurl_qq_2 is the 100×100 QQ avatar; QQ falls back to 40×40 when there is none.
        data = self.account.extra_data
        return data.get("figureurl_qq_2") or data.get("figureurl_qq_1") or None

    def to_str(self) -> str:
        return self.account.extra_data.get("nickname") or super().to_str()


class QQProvider(OAuth2Provider):
    """QQ互联 (QQ Connect): OAuth 2, plus the /oauth2.0/me step that names the openid."""

    id = "qq"
    name = "QQ"
    account_class = QQAccount
    oauth2_adapter_class = QQOAuth2Adapter

    @property
    def api_base_url(self) -> str:
        return self.get_settings().get("API_BASE_URL", DEFAULT_API_BASE_URL).rstrip("/")

    @property
    def uses_unionid(self) -> bool:
        """An app's own setting (admin: {"unionid": true}) wins over SOCIALACCOUNT_PROVIDERS."""
        if self.app is not None and "unionid" in self.app.settings:
            return bool(self.app.settings["unionid"])
        return bool(self.get_settings().get("UNIONID", False))

    def get_default_scope(self) -> list[str]:
        return ["get_user_info"]

    def extract_uid(self, data: dict) -> str:
        field = "unionid" if self.uses_unionid else "openid"
        uid = data.get(field)
        if not uid or not isinstance(uid, str):
            raise QQMalformedAnswer("me", f"answer without {field}")
        return uid

    def extract_common_fields(self, data: dict) -> dict:
        return {"username": data.get("nickname") or ""}


provider_classes = [QQProvider]
