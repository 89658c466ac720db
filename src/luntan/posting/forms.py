import secrets

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from luntan.attachments.forms import AttachmentsMixin
from luntan.boards.models import Board, ThreadType
from luntan.core.chinese import to_reader_script
from luntan.core.text import strip_bidi_controls, was_undecodable
from luntan.core.wordcheck import filter_text


def new_client_token() -> str:
    return secrets.token_urlsafe(16)


def _check_text(text: str, *, minimum: int, maximum: int, what: str) -> str:
    """Typed text as it may be stored: valid UTF-8, no direction overrides, within length."""
    if was_undecodable(text):
        raise forms.ValidationError(
            _("%(what)s中有无法识别的字符（不是 UTF-8 编码），请删除显示为 � 的字符后再提交。")
            % {"what": what}
        )
    text = strip_bidi_controls(text)
    length = len(text)
    if length < minimum:
        raise forms.ValidationError(
            _("%(what)s太短：至少需要 %(n)d 个字。") % {"what": what, "n": minimum}
        )
    if length > maximum:
        raise forms.ValidationError(
            _("%(what)s太长：最多 %(max)d 个字，现在是 %(n)d 个。")
            % {"what": what, "max": maximum, "n": length}
        )
    return text


class BodyField(forms.CharField):
    # Words the operator sends to review pass where the post can be held (new posts).
    allow_review = True

    def __init__(self, **kwargs) -> None:
        super().__init__(
            label=_("内容"),
            widget=forms.Textarea(attrs={"rows": 8, "class": "editor"}),
            error_messages={"required": _("请填写内容。")},
            strip=True,
            **kwargs,
        )

    def clean(self, value):
        text = filter_text(super().clean(value), markup=True, allow_review=self.allow_review)
        return _check_text(
            text,
            minimum=settings.LUNTAN_BODY_MIN_LENGTH,
            maximum=settings.LUNTAN_BODY_MAX_LENGTH,
            what=str(_("内容")),
        )


class ThreadTypeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ThreadType) -> str:
        return to_reader_script(obj.name)  # the operator's words, in the reader's script


class ClientTokenMixin(forms.Form):
    # Lets the service recognise a double-submitted form (see Post.client_token).
    client_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)


class ReplyForm(AttachmentsMixin, ClientTokenMixin):
    body = BodyField()
    field_order = ["body", "files"]


class ThreadForm(AttachmentsMixin, ClientTokenMixin):
    allow_review = True
    title = forms.CharField(
        label=_("标题"),
        strip=True,
        error_messages={"required": _("请填写标题。")},
        widget=forms.TextInput(attrs={"class": "title-input", "autocomplete": "off"}),
    )
    thread_type = ThreadTypeField(
        label=_("主题分类"),
        queryset=ThreadType.objects.none(),
        required=False,
        empty_label=_("选择主题分类"),
        error_messages={"invalid_choice": _("请选择本版块的主题分类。")},
    )
    body = BodyField()
    field_order = ["title", "thread_type", "body", "files"]

    def __init__(self, *args, board: Board, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.board = board
        types = board.thread_types.all()
        self.fields["thread_type"].queryset = types
        if board.requires_thread_type:
            self.fields["thread_type"].required = True
            self.fields["thread_type"].error_messages["required"] = _(
                "本版块发帖必须选择主题分类。"
            )
        if not types.exists():
            del self.fields["thread_type"]

    def clean_title(self) -> str:
        title = filter_text(
            " ".join(self.cleaned_data["title"].split()), allow_review=self.allow_review
        )
        return _check_text(
            title, minimum=2, maximum=settings.LUNTAN_TITLE_MAX_LENGTH, what=str(_("标题"))
        )


class EditPostForm(ThreadForm):
    """Editing floor 1 also edits the thread's title and type; other floors only the body.
    An edit is published at once, so words that would send a post to review refuse it."""

    allow_review = False

    def __init__(self, *args, board: Board, is_first: bool, **kwargs) -> None:
        super().__init__(*args, board=board, **kwargs)
        self.fields["body"].allow_review = False
        del self.fields["client_token"]
        if not is_first:
            del self.fields["title"]
            self.fields.pop("thread_type", None)
