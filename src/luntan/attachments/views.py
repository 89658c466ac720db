"""Upload from the editor, and every download through a permission check.

A file of a post is served only to readers who may read its thread (and, for files other than
images, download on its board); a file not yet in a post only to its uploader. Behind nginx the
answer carries X-Accel-Redirect and nginx sends the bytes; with an object store the reader is
redirected to a short-lived signed URL; otherwise Python streams the file.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luntan.boards.models import Board
from luntan.credits.models import MemberCredits
from luntan.credits.querysets import credit_config
from luntan.credits.services import InsufficientCredits
from luntan.permissions.policy import for_request
from luntan.threads.hidden import may_see_part_with

from . import services
from .files import RefusedFile
from .models import Attachment

# Served files may be anything a member uploaded: never let a browser run or sniff them.
_FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@login_required
@require_POST
def upload(request):
    """One or more files from the editor (or the form's plain file input): JSON per file."""
    board_id = request.POST.get("board", "")
    board = get_object_or_404(Board, pk=int(board_id) if board_id.isdigit() else 0)
    if not for_request(request).can_upload(board):
        return JsonResponse({"error": _("您没有在本版块上传附件的权限。")}, status=403)
    uploads = request.FILES.getlist("file")
    if not uploads:
        return JsonResponse({"error": _("请选择要上传的文件。")}, status=400)
    done, errors = [], []
    for upload_file in uploads:
        try:
            attachment = services.upload_attachment(user=request.user, upload=upload_file)
        except RefusedFile as error:
            errors.append({"name": upload_file.name[:100], "error": str(error)})
        else:
            done.append(describe(attachment))
    return JsonResponse({"files": done, "errors": errors}, status=200 if done else 400)


def describe(attachment: Attachment) -> dict:
    tag = "attachimg" if attachment.is_image else "attach"
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "size": attachment.size,
        "is_image": attachment.is_image,
        "url": attachment.get_absolute_url(),
        "thumbnail": attachment.get_thumbnail_url() if attachment.is_image else "",
        "bbcode": f"[{tag}]{attachment.pk}[/{tag}]",
    }


def attachment(request, attachment_id: int):
    item = _readable(request, attachment_id, download=True)
    if not _paid_for(request, item):
        return _offer(request, item)
    if not item.is_image and item.post_id is not None:
        try:
            services.record_download(
                attachment=item, user=request.user, board_id=item.post.thread.board_id
            )
        except InsufficientCredits as error:
            raise PermissionDenied(str(error)) from None
    return _serve(item.file, item.content_type, item.name, inline=item.is_image)


def attachment_thumbnail(request, attachment_id: int):
    item = _readable(request, attachment_id, download=False)
    if not item.thumbnail or not _paid_for(request, item):
        raise Http404
    content_type = "image/png" if item.thumbnail.endswith(".png") else "image/jpeg"
    return _serve(item.thumbnail, content_type, item.name, inline=True)


@login_required
@require_POST
def buy(request, attachment_id: int):
    item = _readable(request, attachment_id, download=True)
    try:
        services.buy_attachment(attachment=item, buyer=request.user)
    except InsufficientCredits as error:
        return _offer(request, item, error=str(error), status=403)
    return HttpResponseRedirect(item.get_absolute_url())


@login_required
@require_POST
def set_price(request, attachment_id: int):
    """The editor's 售价 box on an upload not yet posted."""
    item = get_object_or_404(Attachment, pk=attachment_id, uploader=request.user)
    try:
        services.set_price(attachment=item, user=request.user, price=int(request.POST["price"]))
    except (KeyError, ValueError):
        return JsonResponse({"error": _("请填写一个整数售价。")}, status=400)
    except RefusedFile as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"price": item.price})


def _paid_for(request, item: Attachment) -> bool:
    perms = for_request(request)
    if item.post_id is not None and perms.can_moderate(item.post.thread.board_id):
        return True
    return services.has_paid(item, request.user)


def _offer(request, item: Attachment, *, error: str = "", status: int = 200) -> HttpResponse:
    """The 附件售价 page: what it costs and a button to pay (guests are asked to log in)."""
    slot = settings.LUNTAN_ATTACHMENT_PRICE_SLOT
    kind = next((k for k in credit_config().kinds if k.slot == slot), None)
    have = None
    if request.user.is_authenticated:
        have = getattr(
            MemberCredits.objects.filter(user=request.user).first(), f"extcredits{slot}", 0
        )
    context = {"attachment": item, "kind": kind, "have": have, "error": error}
    return render(request, "attachments/buy.html", context, status=status)


def _readable(request, attachment_id: int, *, download: bool) -> Attachment:
    item = get_object_or_404(
        Attachment.objects.select_related("post__thread__board"), pk=attachment_id
    )
    if item.post_id is None:
        if request.user.pk != item.uploader_id:
            raise Http404
        return item
    post, perms = item.post, for_request(request)
    thread = post.thread
    if post.is_deleted or thread.is_deleted or not perms.can_read_thread(thread):
        raise Http404
    if not may_see_part_with(request, post, f'"{item.get_absolute_url()}"'):
        raise Http404
    if download and not item.is_image and not perms.can_download(thread):
        raise PermissionDenied(_("您所在的用户组没有下载本版块附件的权限。"))
    return item


def _serve(name: str, content_type: str, filename: str, *, inline: bool) -> HttpResponse:
    files = services.storage()
    if not isinstance(files, FileSystemStorage):
        # An object store signs a short-lived URL; the bytes never pass through us.
        return HttpResponseRedirect(files.url(name))
    prefix = settings.LUNTAN_ATTACHMENT_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + name
        response["Content-Disposition"] = content_disposition_header(not inline, filename)
    else:
        try:
            handle = files.open(name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle, content_type=content_type, as_attachment=not inline, filename=filename
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = _FILE_CSP
    # Who may fetch it depends on the reader: shared caches must not keep it.
    response["Cache-Control"] = "private, max-age=3600"
    return response
