from allauth.socialaccount.views import SignupView

from .forms import BindAccountForm, QuickStartForm
from .providers import display_name
from .services import bind_to_member, sign_up


class QuickStartView(SignupView):
    """只需一步,快速开始: where a first QQ/WeChat/Weibo login lands. Either pick a username (the
    new member is bound and logged in) or log in to an existing account to bind it."""

    template_name = "social/quick_start.html"

    def get_form_class(self):
        return QuickStartForm

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") != "bind":
            return super().post(request, *args, **kwargs)
        bind_form = BindAccountForm(data=request.POST, request=request)
        if bind_form.is_valid():
            return bind_to_member(request=request, sociallogin=self.sociallogin, form=bind_form)
        signup_form = QuickStartForm(sociallogin=self.sociallogin)
        return self.render_to_response(self.get_context_data(form=signup_form, bind_form=bind_form))

    def form_valid(self, form):
        return sign_up(request=self.request, sociallogin=self.sociallogin, form=form)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        sociallogin = self.sociallogin
        context.setdefault("bind_form", BindAccountForm(request=self.request))
        context["provider_name"] = display_name(sociallogin.provider.id)
        context["nickname"] = sociallogin.provider.wrap_account(sociallogin.account).to_str()
        context["avatar_url"] = sociallogin.user.avatar_url
        return context


quick_start = QuickStartView.as_view()
