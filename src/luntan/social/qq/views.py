from functools import cached_property

from allauth.socialaccount.providers.oauth2.client import OAuth2Client
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2Adapter,
    OAuth2CallbackView,
    OAuth2LoginView,
)
from django.http import HttpRequest

from .answers import QQMalformedAnswer, fetch, require


class QQOAuth2Client(OAuth2Client):
    def get_access_token(self, code, pkce_code_verifier=None, extra_data=None) -> dict:
        params = {
            "grant_type": "authorization_code",
            "client_id": self.consumer_key,
            "client_secret": self.consumer_secret,
            "code": code,
            "redirect_uri": self.callback_url,
        }
        answer = fetch(self.access_token_url, params, step="token")
        require(answer, "access_token", step="token")
        return answer


class QQOAuth2Adapter(OAuth2Adapter):
    provider_id = "qq"
    client_class = QQOAuth2Client
    access_token_method = "GET"  # as QQ documents it
    scope_delimiter = ","

    @cached_property
    def provider(self):
        return self.get_provider()

    @property
    def authorize_url(self) -> str:
        return f"{self.provider.api_base_url}/oauth2.0/authorize"

    @property
    def access_token_url(self) -> str:
        return f"{self.provider.api_base_url}/oauth2.0/token"

    def complete_login(self, request: HttpRequest, app, token, **kwargs):
        base = self.provider.api_base_url
        me_params = {"access_token": token.token}
        if self.provider.uses_unionid:
            me_params["unionid"] = "1"
        me = fetch(f"{base}/oauth2.0/me", me_params, step="me")
        require(me, "openid", step="me")
        # A token minted for another app must not log anyone in here.
        if str(me.get("client_id", "")) != str(app.client_id):
            raise QQMalformedAnswer("me", "token belongs to another app")
        info = fetch(
            f"{base}/user/get_user_info",
            {
                "access_token": token.token,
                "oauth_consumer_key": app.client_id,
                "openid": me["openid"],
            },
            step="user_info",
        )
        profile = {key: value for key, value in info.items() if key not in ("ret", "msg")}
        profile["openid"] = me["openid"]
        if me.get("unionid"):
            profile["unionid"] = me["unionid"]
        return self.provider.sociallogin_from_response(request, profile)


oauth2_login = OAuth2LoginView.adapter_view(QQOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(QQOAuth2Adapter)
