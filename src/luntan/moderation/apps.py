from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "luntan.moderation"
    verbose_name = _("版主管理")

    def ready(self) -> None:
        from luntan.core.page_extensions import register_page_context, register_relocator
        from luntan.permissions.policy import register_ban_reader

        from .bans import member_ban
        from .context import moderation_context
        from .notices import tell_member
        from .querysets import merged_location
        from .services import member_moderated

        # Pages and the permission policy below moderation learn of it from here.
        register_page_context("thread", moderation_context)
        register_page_context("board", moderation_context)
        register_relocator(merged_location)
        register_ban_reader(member_ban)
        member_moderated.connect(tell_member, dispatch_uid="moderation-tells-member")
