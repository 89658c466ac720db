import re
from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luntan.boards.models import Board, ThreadType
from luntan.threads.models import HIGHLIGHT_PALETTE, Thread, validate_highlight_colour

from .models import Action, MemberBan
from .services import ThreadOptions

THREAD_ACTIONS = [
    (Action.STICKY, _("置顶")),
    (Action.DIGEST, _("精华")),
    (Action.HIGHLIGHT, _("高亮")),
    (Action.CLOSE, _("关闭")),
    (Action.OPEN, _("打开")),
    (Action.BUMP, _("提升")),
    (Action.SINK, _("下沉")),
    (Action.MOVE, _("移动")),
    (Action.MERGE, _("合并")),
    (Action.DELETE_THREAD, _("删除")),
]
POST_ACTIONS = [
    (Action.DELETE_POST, _("删除")),
    (Action.HIDE, _("屏蔽")),
    (Action.UNHIDE, _("解除屏蔽")),
    (Action.WARN, _("警告")),
    (Action.SPLIT, _("分割")),
]
COLOUR_NAMES = {
    "red": _("红色"),
    "orange": _("橙色"),
    "green": _("绿色"),
    "blue": _("蓝色"),
    "purple": _("紫色"),
    "gray": _("灰色"),
}

_REASON = forms.CharField(
    label=_("操作理由"),
    max_length=200,
    required=False,
    widget=forms.TextInput(attrs={"placeholder": _("会员会看到理由")}),
)


def _days(label):
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("留空为不限期"),
        error_messages={
            "min_value": _("天数至少为 1。"),
            "max_value": _("天数最多为 3650。"),
            "invalid": _("天数必须是整数。"),
        },
    )


def _until(days: int | None) -> datetime | None:
    return timezone.now() + timedelta(days=days) if days else None


class ThreadToolsForm(forms.Form):
    """The 管理 menu of a thread page, and the board page's bulk tools (with `threads`)."""

    action = forms.ChoiceField(
        label=_("操作"),
        choices=THREAD_ACTIONS,
        error_messages={"required": _("请选择操作。"), "invalid_choice": _("未知的管理操作。")},
    )
    board = forms.IntegerField(widget=forms.HiddenInput, required=False)
    sticky = forms.TypedChoiceField(
        label=_("置顶"), choices=Thread.Sticky.choices, coerce=int, initial=1, required=False
    )
    digest = forms.TypedChoiceField(
        label=_("精华"),
        choices=[(0, _("解除精华")), (1, _("精华 I")), (2, _("精华 II")), (3, _("精华 III"))],
        coerce=int,
        initial=1,
        required=False,
    )
    colour = forms.CharField(
        label=_("高亮颜色"),
        max_length=7,
        required=False,
        validators=[validate_highlight_colour],
        help_text=_("调色板中的颜色名，或 #rrggbb；留空为不高亮"),
        widget=forms.TextInput(attrs={"list": "highlight-palette", "size": 8}),
    )
    bold = forms.BooleanField(label=_("粗体"), required=False)
    italic = forms.BooleanField(label=_("斜体"), required=False)
    underline = forms.BooleanField(label=_("下划线"), required=False)
    days = _days(_("有效天数"))
    target_board = forms.ModelChoiceField(
        label=_("目标版块"), queryset=Board.objects.none(), required=False
    )
    thread_type = forms.ModelChoiceField(
        label=_("目标主题分类"),
        queryset=ThreadType.objects.select_related("board"),
        required=False,
        help_text=_("留空则沿用同名分类，没有同名分类则清除"),
    )
    leave_stub = forms.BooleanField(label=_("保留转向链接"), required=False)
    into = forms.CharField(
        label=_("合并到主题"),
        max_length=200,
        required=False,
        help_text=_("目标主题的编号或地址"),
    )
    reason = _REASON

    def __init__(self, *args, perms=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        boards = Board.objects.all()
        if perms is not None and not perms.moderates_every_board:
            boards = boards.filter(pk__in=perms.moderated_board_ids)
        self.fields["target_board"].queryset = boards
        self.fields["thread_type"].label_from_instance = lambda t: f"{t.board.name} / {t.name}"

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == Action.MOVE and not data.get("target_board"):
            self.add_error("target_board", _("请选择目标版块。"))
        if action == Action.DELETE_THREAD and not (data.get("reason") or "").strip():
            self.add_error("reason", _("删除主题必须填写理由。"))
        if action == Action.MERGE:
            found = re.search(r"(?:thread/)?(\d+)/?$", (data.get("into") or "").strip())
            if found is None:
                self.add_error("into", _("请填写要合并到的主题编号或地址。"))
            else:
                data["into_id"] = int(found.group(1))
        return data

    def options(self) -> ThreadOptions:
        data = self.cleaned_data
        return ThreadOptions(
            sticky=data.get("sticky") or 0,
            digest=data.get("digest") or 0,
            until=_until(data.get("days")),
            colour=data.get("colour") or "",
            bold=data.get("bold", False),
            italic=data.get("italic", False),
            underline=data.get("underline", False),
            target_board=data.get("target_board"),
            thread_type=data.get("thread_type"),
            leave_stub=data.get("leave_stub", False),
        )


class PostToolsForm(forms.Form):
    action = forms.ChoiceField(
        label=_("操作"),
        choices=POST_ACTIONS,
        error_messages={"required": _("请选择操作。"), "invalid_choice": _("未知的管理操作。")},
    )
    board = forms.IntegerField(widget=forms.HiddenInput, required=False)
    floors = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], error_messages={"required": _("请先勾选要操作的楼层。")}
    )
    reason = _REASON
    title = forms.CharField(label=_("新主题标题"), max_length=80, required=False)

    def __init__(self, *args, last_floor: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["floors"].choices = [(n, n) for n in range(1, last_floor + 1)]
        self.fields["floors"].error_messages["invalid_choice"] = _(
            "所选楼层不存在，请刷新页面后再操作。"
        )


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("删除理由"),
        max_length=200,
        error_messages={"required": _("请填写删除理由，作者会看到它。")},
    )


class BanForm(forms.Form):
    kind = forms.ChoiceField(label=_("处理"), choices=MemberBan.Kind.choices)
    days = _days(_("天数"))
    reason = forms.CharField(
        label=_("理由"),
        max_length=200,
        error_messages={"required": _("请填写理由，会员会看到它。")},
    )


PALETTE = [(name, COLOUR_NAMES[name]) for name in HIGHLIGHT_PALETTE]
