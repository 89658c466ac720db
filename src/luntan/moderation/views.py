"""The moderators' pages. Every tool is a POST checked by the permissions policy; a stale page
(a thread deleted or moved meanwhile) gets a message and changes nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luntan.accounts.models import User
from luntan.boards.models import Board
from luntan.permissions.policy import for_request
from luntan.threads.models import Post, Thread

from .forms import PALETTE, BanForm, DeleteForm, PostToolsForm, ThreadToolsForm
from .models import Action, ModerationLog, RecycleEntry
from .services import (
    ModerationError,
    ban_member,
    delete_thread,
    lift_bans,
    merge_threads,
    moderate_posts,
    moderate_thread,
    purge_entry,
    restore_entry,
    split_thread,
)


def _thread_for_moderator(request, thread_id: int) -> Thread:
    thread = get_object_or_404(Thread.objects.select_related("board"), pk=thread_id)
    for_request(request).check_moderate(thread.board)
    return thread


def _check_target(request, form: ThreadToolsForm) -> None:
    target = form.cleaned_data.get("target_board")
    if form.cleaned_data["action"] == Action.MOVE and target is not None:
        for_request(request).check_moderate(target)


def _done(action: str) -> str:
    return _("已执行“%(action)s”操作。") % {"action": Action(action).label}


@login_required
def thread_tools(request, thread_id: int):
    """管理 on one thread: the thread page's menu posts here; a refused form comes back here with
    what the moderator typed."""
    thread = _thread_for_moderator(request, thread_id)
    form = ThreadToolsForm(
        request.POST or None, perms=for_request(request), initial={"board": thread.board_id}
    )
    if request.method == "POST" and form.is_valid():
        _check_target(request, form)
        action = form.cleaned_data["action"]
        try:
            if action == Action.MERGE:
                thread = _merge(request, thread, form)
            else:
                moderate_thread(
                    thread_id=thread.pk,
                    board_id=form.cleaned_data.get("board"),
                    actor=request.user,
                    action=action,
                    reason=form.cleaned_data["reason"],
                    options=form.options(),
                )
        except ModerationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _done(action))
            if action == Action.DELETE_THREAD:
                return redirect(thread.board)
            return redirect("thread", thread.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "moderation/thread_tools.html",
        {"thread": thread, "form": form, "palette": PALETTE},
        status=status,
    )


def _merge(request, thread: Thread, form: ThreadToolsForm) -> Thread:
    """合并 needs the moderator to hold both threads' boards."""
    into = Thread.objects.select_related("board").filter(pk=form.cleaned_data["into_id"]).first()
    if into is None or into.is_deleted:
        raise ModerationError(_("要合并到的主题不存在或已被删除。"))
    for_request(request).check_moderate(into.board)
    return merge_threads(
        thread_id=thread.pk,
        board_id=form.cleaned_data.get("board"),
        into_id=into.pk,
        actor=request.user,
        reason=form.cleaned_data["reason"],
    )


@login_required
@require_POST
def board_tools(request, board_id: int):
    """The board page's bulk tools: one transaction per thread; the threads refused are named
    and the rest done."""
    board = get_object_or_404(Board, pk=board_id)
    perms = for_request(request)
    perms.check_moderate(board)
    form = ThreadToolsForm(request.POST, perms=perms)
    ids = sorted({int(v) for v in request.POST.getlist("threads") if v.isdigit()})
    if not ids:
        messages.error(request, _("请先勾选要操作的主题。"))
        return redirect(board)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(board)
    _check_target(request, form)
    action = form.cleaned_data["action"]
    threads = {t.pk: t for t in Thread.objects.filter(pk__in=ids).select_related("board")}
    done = 0
    for pk in ids:
        thread = threads.get(pk)
        try:
            if thread is None:
                raise ModerationError(_("该主题已被删除，请刷新页面。"))
            perms.check_moderate(thread.board)
            moderate_thread(
                thread_id=pk,
                board_id=board.pk,
                actor=request.user,
                action=action,
                reason=form.cleaned_data["reason"],
                options=form.options(),
            )
        except (ModerationError, PermissionDenied) as error:
            name = thread.title if thread else f"#{pk}"
            messages.error(request, _("“%(title)s”：%(error)s") % {"title": name, "error": error})
        else:
            done += 1
    if done:
        messages.success(
            request,
            _("已对 %(n)d 个主题执行“%(action)s”操作。")
            % {"n": done, "action": Action(action).label},
        )
    return redirect(board)


@login_required
@require_POST
def post_tools(request, thread_id: int):
    thread = _thread_for_moderator(request, thread_id)
    form = PostToolsForm(request.POST, last_floor=thread.last_floor)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("thread", thread.pk)
    action = form.cleaned_data["action"]
    try:
        if action == Action.SPLIT:
            new = split_thread(
                thread_id=thread.pk,
                board_id=form.cleaned_data.get("board"),
                floors=form.cleaned_data["floors"],
                title=form.cleaned_data["title"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _done(action))
            return redirect(new)
        moderate_posts(
            thread_id=thread.pk,
            board_id=form.cleaned_data.get("board"),
            floors=form.cleaned_data["floors"],
            actor=request.user,
            action=action,
            reason=form.cleaned_data["reason"],
        )
    except ModerationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _done(action))
    if thread.is_deleted:
        return redirect(thread.board)
    return redirect("thread", thread.pk)


@login_required
def post_delete(request, post_id: int):
    """A moderator's 删除 link on a post: asks for the reason, then the floor (or, for 楼主, the
    whole thread) goes to the 回收站 like any other moderation deletion."""
    post = get_object_or_404(Post.objects.select_related("thread__board"), pk=post_id)
    thread = post.thread
    for_request(request).check_moderate(thread.board)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if post.is_first:
                delete_thread(
                    thread_id=thread.pk, board_id=thread.board_id, actor=request.user, reason=reason
                )
            else:
                moderate_posts(
                    thread_id=thread.pk,
                    board_id=thread.board_id,
                    floors=[post.floor],
                    actor=request.user,
                    action=Action.DELETE_POST,
                    reason=reason,
                )
        except ModerationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _done(Action.DELETE_THREAD if post.is_first else Action.DELETE_POST)
            )
            return redirect(thread.board if post.is_first else thread)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "moderation/post_delete.html",
        {"post": post, "thread": thread, "form": form},
        status=status,
    )


def _boards_of(perms):
    """The boards whose log and recycle bin the reader sees."""
    boards = Board.objects.all()
    if not perms.moderates_every_board:
        boards = boards.filter(pk__in=perms.moderated_board_ids)
    return boards


@login_required
def moderation_log(request):
    perms = for_request(request)
    perms.check_moderation_log()
    entries = ModerationLog.objects.select_related("board")
    if not perms.moderates_every_board:
        entries = entries.filter(board__in=_boards_of(perms))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "moderation/log.html", {"page": page})


@login_required
def recycle_bin(request):
    perms = for_request(request)
    perms.check_moderation_log()
    entries = RecycleEntry.objects.select_related("board", "thread", "post").filter(
        board__in=_boards_of(perms)
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "moderation/recycle_bin.html", {"page": page})


def _entry_for_moderator(request, entry_id: int) -> RecycleEntry | None:
    entry = RecycleEntry.objects.select_related("board").filter(pk=entry_id).first()
    if entry is None:
        messages.error(request, _("回收站中没有这一项，可能已被恢复或彻底删除。"))
        return None
    for_request(request).check_moderate(entry.board)
    return entry


@login_required
@require_POST
def bin_restore(request, entry_id: int):
    entry = _entry_for_moderator(request, entry_id)
    if entry is not None:
        try:
            restore_entry(entry_id=entry.pk, actor=request.user)
        except ModerationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已恢复。"))
    return redirect("moderation-bin")


@login_required
@require_POST
def bin_purge(request, entry_id: int):
    entry = _entry_for_moderator(request, entry_id)
    if entry is not None:
        try:
            purge_entry(entry_id=entry.pk, actor=request.user)
        except ModerationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已彻底删除。"))
    return redirect("moderation-bin")


@login_required
def member_ban(request, user_id: int):
    """禁言 / 禁止访问 from the author card or the member's page."""
    member = get_object_or_404(User, pk=user_id)
    perms = for_request(request)
    perms.check_ban_member(member)
    form = BanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        perms.check_ban_member(member, visit=form.cleaned_data["kind"] == "visit")
        try:
            ban_member(
                member=member,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                days=form.cleaned_data["days"],
                reason=form.cleaned_data["reason"],
            )
        except ModerationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已处理会员 %(name)s。") % {"name": member.username})
            return redirect("member", member.pk)
    status = 400 if form.is_bound else 200
    return render(
        request, "moderation/member_ban.html", {"member": member, "form": form}, status=status
    )


@login_required
@require_POST
def member_unban(request, user_id: int):
    member = get_object_or_404(User, pk=user_id)
    for_request(request).check_ban_member(member)
    if lift_bans(member=member, actor=request.user, reason=request.POST.get("reason", "")[:200]):
        messages.success(
            request, _("已解除会员 %(name)s 的禁言/禁止访问。") % {"name": member.username}
        )
    else:
        messages.info(request, _("该会员目前没有被禁言或禁止访问。"))
    return redirect("member", member.pk)
