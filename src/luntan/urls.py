from django.contrib import admin
from django.urls import include, path

from luntan.accounts import views as account_views
from luntan.boards import views as board_views
from luntan.core.language import switch_language
from luntan.posting import views as posting_views
from luntan.social import views as social_views
from luntan.threads import views as thread_views

urlpatterns = [
    path("", board_views.index, name="index"),
    path("board/<int:board_id>/", board_views.board_detail, name="board"),
    path("board/<int:board_id>/rules/", board_views.board_credit_rules, name="board-credit-rules"),
    path("board/<int:board_id>/new/", posting_views.thread_new, name="thread-new"),
    path("thread/<int:thread_id>/", thread_views.thread_detail, name="thread"),
    path("thread/<int:thread_id>/reader/", thread_views.thread_reader, name="thread-reader"),
    path("thread/<int:thread_id>/jump/", thread_views.thread_jump, name="thread-jump"),
    path("thread/<int:thread_id>/viewed/", thread_views.thread_viewed, name="thread-viewed"),
    path(
        "thread/<int:thread_id>/floor/<int:floor>/",
        thread_views.thread_floor,
        name="thread-floor",
    ),
    path("thread/<int:thread_id>/reply/", posting_views.thread_reply, name="thread-reply"),
    path("post/<int:post_id>/edit/", posting_views.post_edit, name="post-edit"),
    path("post/<int:post_id>/delete/", posting_views.post_delete, name="post-delete"),
    path("member/<int:user_id>/", account_views.member_profile, name="member"),
    path("", include("luntan.portal.urls")),
    path("", include("luntan.credits.urls")),
    path("", include("luntan.moderation.urls")),
    # Listed before allauth's own URLs, on the path allauth redirects a first social login to
    # (socialaccount_signup): there it meets the one-step page instead of allauth's signup form.
    path("accounts/3rdparty/signup/", social_views.quick_start, name="social-quick-start"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("lang/<str:language>/", switch_language, name="switch-language"),
    path("admin/", admin.site.urls),
]

handler404 = "luntan.core.views.page_not_found"
handler403 = "luntan.core.views.permission_denied"
handler500 = "luntan.core.views.server_error"
