"""What the thread and board pages add for their moderators (the 管理 menu's forms)."""

from .forms import PALETTE, POST_ACTIONS, ThreadToolsForm


def moderation_context(perms, board) -> dict:
    """Depends on the reader's permissions only, so it may go into pages shared by role."""
    return {
        "mod_form": ThreadToolsForm(perms=perms, initial={"board": board.pk}),
        "palette": PALETTE,
        "post_actions": POST_ACTIONS,
    }
