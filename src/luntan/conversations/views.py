import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luntan.core.pagination import page_number, page_window
from luntan.permissions.policy import for_request

from .forms import BlockForm, NewMessageForm, ReplyForm
from .models import Block, Participant
from .querysets import inbox_of, messages_for
from .services import (
    ConversationError,
    block,
    delete_for_me,
    mark_read,
    member_named,
    send_message,
    unblock,
)


def _own_participant(request, conversation_id: int) -> Participant:
    """The reader's side of the conversation; nobody else's conversation exists for them."""
    return get_object_or_404(
        Participant.objects.select_related("other"),
        conversation_id=conversation_id,
        user=request.user,
    )


@login_required
def pm_list(request):
    for_request(request).check_visit()
    conversations = list(inbox_of(request.user.pk)[:100])
    return render(request, "conversations/pm_list.html", {"conversations": conversations})


@login_required
def pm_new(request):
    for_request(request).check_send_pm()
    form = NewMessageForm(request.POST or None, initial={"to": request.GET.get("to", "")})
    if request.method == "POST" and form.is_valid():
        try:
            recipient = member_named(form.cleaned_data["to"])
            message = send_message(
                sender=request.user, recipient=recipient, body=form.cleaned_data["body"]
            )
        except ConversationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("短消息已发送。"))
            return redirect("pm-conversation", message.conversation_id)
    return render(request, "conversations/pm_new.html", {"form": form})


@login_required
def pm_conversation(request, conversation_id: int):
    """The conversation, a page of messages (the newest page first), and the reply box."""
    participant = _own_participant(request, conversation_id)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            send_message(
                sender=request.user, recipient=participant.other, body=form.cleaned_data["body"]
            )
        except ConversationError as error:
            form.add_error(None, str(error))
        else:
            return redirect("pm-conversation", conversation_id)
    found = messages_for(participant)
    per_page = settings.LUNTAN_POSTS_PER_PAGE
    page_count = max(1, math.ceil(found.count() / per_page))
    page = page_number(request) if "page" in request.GET else page_count
    if page > page_count:
        raise Http404
    mark_read(participant=participant)
    return render(
        request,
        "conversations/pm_conversation.html",
        {
            "participant": participant,
            "other": participant.other,
            "pm_messages": found[(page - 1) * per_page : page * per_page],
            "form": form,
            "blocked": Block.objects.filter(user=request.user, blocked=participant.other).exists(),
            "page": page,
            "page_count": page_count,
            "page_numbers": page_window(page, page_count),
            "query": {},
        },
    )


@login_required
@require_POST
def pm_delete(request, conversation_id: int):
    delete_for_me(participant=_own_participant(request, conversation_id))
    messages.success(request, _("会话已删除（对方仍保留自己的记录）。"))
    return redirect("pm-list")


@login_required
def pm_blocks(request):
    """黑名单: members whose messages the reader refuses."""
    form = BlockForm(request.POST or None)
    if request.method == "POST":
        if "unblock" in request.POST:
            raw = request.POST["unblock"]
            if raw.isdigit():
                unblock(user=request.user, blocked_id=int(raw))
            messages.success(request, _("已移出黑名单。"))
            return redirect("pm-blocks")
        if form.is_valid():
            try:
                blocked = block(user=request.user, name=form.cleaned_data["name"])
            except ConversationError as error:
                form.add_error("name", str(error))
            else:
                messages.success(
                    request, _("已把 %(name)s 加入黑名单。") % {"name": blocked.username}
                )
                return redirect("pm-blocks")
    blocks = Block.objects.filter(user=request.user).select_related("blocked").order_by("-pk")
    return render(request, "conversations/pm_blocks.html", {"form": form, "blocks": blocks})
