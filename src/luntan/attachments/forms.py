"""The attachment part of the posting forms: ids of uploads made through the editor, and a
plain multiple file input for browsers without JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _

from luntan.permissions.policy import for_request

from . import services
from .files import RefusedFile

MAX_PER_POST = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsMixin(forms.Form):
    attachments = forms.CharField(widget=forms.HiddenInput, required=False, max_length=600)
    files = forms.FileField(
        label=_("附件"),
        required=False,
        widget=MultipleFileInput(attrs={"class": "attach-input", "multiple": True}),
    )

    def clean_attachments(self) -> list[int]:
        ids = [part for part in self.cleaned_data["attachments"].split(",") if part.strip()]
        if not all(part.strip().isdigit() for part in ids) or len(ids) > MAX_PER_POST:
            raise forms.ValidationError(_("附件列表无效，请重新上传。"))
        return [int(part) for part in ids]

    def clean_files(self):
        return None  # read from request.FILES by `take_uploads`, which may take several

    def take_uploads(self, request, board) -> bool:
        """Store the files sent through the plain input (the editor sends its own before the
        form): each joins `attachments`, or the form gets the reason it was refused. Call
        after is_valid(); False when any was refused."""
        uploads = request.FILES.getlist("files")
        if not uploads:
            return True
        if not for_request(request).can_upload(board):
            self.add_error("files", _("您没有在本版块上传附件的权限。"))
            return False
        ids = list(self.cleaned_data.get("attachments") or [])
        ok = True
        for upload in uploads:
            try:
                ids.append(services.upload_attachment(user=request.user, upload=upload).pk)
            except RefusedFile as error:
                self.add_error("files", str(error))
                ok = False
        self.cleaned_data["attachments"] = ids
        # Shown again with the form on an error, so uploads that succeeded are not lost.
        self.data = self.data.copy()
        self.data["attachments"] = ",".join(map(str, ids))
        return ok
