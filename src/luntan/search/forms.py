from django import forms
from django.utils.translation import gettext_lazy as _

from luntan.accounts.models import User
from luntan.boards.models import Board, ThreadType

from .analysis import parse_query
from .querysets import SearchRequest
from .services import dictionary_words

MAX_QUERY_CHARS = 40

MODE_LABELS = {"title": _("标题"), "fulltext": _("全文"), "author": _("作者")}
ORDER_LABELS = {"relevance": _("相关度"), "time": _("发表时间")}
PERIOD_LABELS = {
    0: _("全部时间"),
    1: _("一天内"),
    7: _("一周内"),
    30: _("一个月内"),
    365: _("一年内"),
}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("关键词"),
        required=False,
        max_length=MAX_QUERY_CHARS,
        error_messages={"max_length": _("搜索词不能超过 %(limit_value)d 个字。")},
    )
    mode = forms.ChoiceField(label=_("搜索范围"), choices=list(MODE_LABELS.items()), required=False)
    board = forms.TypedChoiceField(label=_("版块"), coerce=int, required=False, empty_value=None)
    type = forms.TypedChoiceField(label=_("主题分类"), coerce=int, required=False, empty_value=None)
    days = forms.TypedChoiceField(
        label=_("时间范围"), choices=list(PERIOD_LABELS.items()), coerce=int, required=False
    )
    order = forms.ChoiceField(label=_("排序"), choices=list(ORDER_LABELS.items()), required=False)

    def __init__(self, data, *, perms) -> None:
        super().__init__(data)
        # Only boards the reader may read are offered, and only their thread types.
        self.boards = [
            b for b in Board.objects.order_by("position", "pk") if perms.can_read_board(b)
        ]
        ids = [b.pk for b in self.boards]
        self.thread_types = list(
            ThreadType.objects.filter(board_id__in=ids).select_related("board")
        )
        choice_error = {"invalid_choice": _("请从列表中选择。")}
        self.fields["board"].choices = [("", _("全部版块"))] + [(b.pk, b.name) for b in self.boards]
        self.fields["board"].error_messages.update(choice_error)
        self.fields["type"].choices = [("", _("全部分类"))] + [
            (t.pk, t.name) for t in self.thread_types
        ]
        self.fields["type"].error_messages.update(choice_error)
        for name in ("mode", "days", "order"):
            self.fields[name].error_messages.update(choice_error)

    def clean(self) -> dict:
        data = super().clean()
        data["mode"] = data.get("mode") or "fulltext"
        data["order"] = data.get("order") or "relevance"
        data["days"] = data.get("days") or 0
        text = " ".join((data.get("q") or "").split())
        data["q"] = text
        if not text and "q" in self.data and not self.errors:
            raise forms.ValidationError(_("请输入要搜索的内容。"))
        if not text or self.errors:
            return data
        if data["mode"] == "author":
            data["author"] = User.objects.filter(username__iexact=text).first()
            if data["author"] is None:
                raise forms.ValidationError(
                    _("没有找到用户名为“%(name)s”的会员。"), params={"name": text}
                )
        else:
            data["query"] = parse_query(text, dictionary_words())
            if not data["query"]:
                raise forms.ValidationError(_("搜索词里没有可搜索的文字：请输入汉字、字母或数字。"))
        return data

    @property
    def searching(self) -> bool:
        """Whether the form asks for a search (a query that passed validation)."""
        return self.is_valid() and bool(self.cleaned_data["q"])

    def search_request(self) -> SearchRequest:
        data = self.cleaned_data
        board = next((b for b in self.boards if b.pk == data.get("board")), None)
        return SearchRequest(
            mode=data["mode"],
            query=data.get("query"),
            author=data.get("author"),
            board=board,
            thread_type_id=data.get("type"),
            days=data["days"],
            order=data["order"],
        )
