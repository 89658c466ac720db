from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path, register_converter
from django.views.static import serve

from luntan.accounts import views as account_views
from luntan.attachments import views as attachment_views
from luntan.boards import views as board_views
from luntan.core.language import switch_language
from luntan.core.params import IdConverter
from luntan.core.views import favicon
from luntan.portal import members as member_views
from luntan.posting import views as posting_views
from luntan.search import views as search_views
from luntan.social import views as social_views
from luntan.threads import views as thread_views

# Every number in a path is read by luntan.core.params (ASCII digits, 64-bit), never <int:>.
register_converter(IdConverter, "id")

urlpatterns = [
    path("", board_views.index, name="index"),
    path("board/<id:board_id>/", board_views.board_detail, name="board"),
    path("board/<id:board_id>/rules/", board_views.board_credit_rules, name="board-credit-rules"),
    path("board/<id:board_id>/new/", posting_views.thread_new, name="thread-new"),
    path("thread/<id:thread_id>/", thread_views.thread_detail, name="thread"),
    path("thread/<id:thread_id>/reader/", thread_views.thread_reader, name="thread-reader"),
    path("thread/<id:thread_id>/jump/", thread_views.thread_jump, name="thread-jump"),
    path("thread/<id:thread_id>/viewed/", thread_views.thread_viewed, name="thread-viewed"),
    path(
        "thread/<id:thread_id>/floor/<id:floor>/",
        thread_views.thread_floor,
        name="thread-floor",
    ),
    path("thread/<id:thread_id>/reply/", posting_views.thread_reply, name="thread-reply"),
    path("post/<id:post_id>/edit/", posting_views.post_edit, name="post-edit"),
    path("post/<id:post_id>/delete/", posting_views.post_delete, name="post-delete"),
    path("member/<id:user_id>/", member_views.member_profile, name="member"),
    path("member/profile/", account_views.profile_edit, name="profile-edit"),
    path("online/", member_views.online, name="online"),
    path("search/", search_views.search, name="search"),
    path("", include("luntan.portal.urls")),
    path("", include("luntan.credits.urls")),
    path("", include("luntan.api.urls")),
    path("", include("luntan.safety.urls")),
    path("post/preview/", posting_views.post_preview, name="post-preview"),
    path("avatar/", attachment_views.avatar_edit, name="avatar"),
    path("signature/", account_views.signature_edit, name="signature"),
    path("", include("luntan.attachments.urls")),
    path("", include("luntan.notifications.urls")),
    path("", include("luntan.conversations.urls")),
    path("", include("luntan.ratings.urls")),
    path("", include("luntan.favourites.urls")),
    path("", include("luntan.moderation.urls")),
    # Listed before allauth's own URLs, on the path allauth redirects a first social login to
    # (socialaccount_signup): there it meets the one-step page instead of allauth's signup form.
    path("accounts/3rdparty/signup/", social_views.quick_start, name="social-quick-start"),
    path("accounts/", include("allauth.urls")),
    path("captcha/", include("captcha.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("lang/<str:language>/", switch_language, name="switch-language"),
    path("admin/", admin.site.urls),
    # Browsers and crawlers ask for /favicon.ico whatever the page's <link rel=icon> says.
    path("favicon.ico", favicon, name="favicon"),
]

if (
    settings.LUNTAN_SERVE_MEDIA
):  # `make run`: avatars from var/media; nginx serves /media/ in production
    urlpatterns.append(
        re_path(r"^media/(?P<path>.+)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

handler400 = "luntan.core.views.bad_request"
handler404 = "luntan.core.views.page_not_found"
handler403 = "luntan.core.views.permission_denied"
handler500 = "luntan.core.views.server_error"
handler429 = "luntan.safety.views.rate_limited"
