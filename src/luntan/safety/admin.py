from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import (
    CaptchaSettings,
    FilterWord,
    HeldPost,
    Report,
    ReportReason,
    ReviewSettings,
)
from .querysets import screen
from .services import WordFileError, export_words, import_words


class WordFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("词表文件"), help_text=gettext_lazy("UTF-8 纯文本，每行一个词语")
    )
    replace_all = forms.BooleanField(
        label=gettext_lazy("清空现有词表，以文件内容代替"), required=False
    )

    def clean_file(self) -> str:
        try:
            return self.cleaned_data["file"].read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("文件不是 UTF-8 编码的纯文本。")) from None


class FilterTestForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("测试文字"), widget=forms.Textarea(attrs={"rows": 6, "cols": 60})
    )


class FilterWordForm(forms.ModelForm):
    class Meta:
        model = FilterWord
        fields = ["pattern", "action", "replacement"]


@admin.register(FilterWord)
class FilterWordAdmin(admin.ModelAdmin):
    form = FilterWordForm
    list_display = ("pattern", "action", "replacement", "created_at")
    list_filter = ("action",)
    search_fields = ("pattern", "replacement")
    change_list_template = "admin/safety/filterword/change_list.html"
    list_per_page = 100

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="safety_filterword_import"),
            path("export/", wrap(self.export_view), name="safety_filterword_export"),
            path("test/", wrap(self.test_view), name="safety_filterword_test"),
            *super().get_urls(),
        ]

    def _context(self, request, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:safety_filterword_changelist")
        form = WordFileForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                count = import_words(
                    form.cleaned_data["file"], replace_all=form.cleaned_data["replace_all"]
                )
            except WordFileError as error:
                errors = error.errors
            else:
                self.message_user(
                    request, _("已导入 %(n)d 个词语。") % {"n": count}, messages.SUCCESS
                )
                return redirect("admin:safety_filterword_changelist")
        context = self._context(request, _("导入词表"), form=form, line_errors=errors)
        return TemplateResponse(request, "admin/safety/filterword/import.html", context)

    def export_view(self, request):
        response = HttpResponse(export_words(), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="words.txt"'
        return response

    def test_view(self, request):
        form = FilterTestForm(request.POST or None)
        result = screen(form.cleaned_data["text"], markup=True) if form.is_valid() else None
        context = self._context(request, _("测试过滤"), form=form, result=result)
        return TemplateResponse(request, "admin/safety/filterword/test.html", context)


class SingletonAdmin(admin.ModelAdmin):
    """Settings kept in one row, pk=1."""

    def has_add_permission(self, request) -> bool:
        return not self.model.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        obj.pk = 1
        super().save_model(request, obj, form, change)


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(SingletonAdmin):
    filter_horizontal = ("hold_boards", "hold_groups")


@admin.register(CaptchaSettings)
class CaptchaSettingsAdmin(SingletonAdmin):
    pass


@admin.register(HeldPost)
class HeldPostAdmin(admin.ModelAdmin):
    """A record for administrators; moderators decide in the review queue (/review/)."""

    list_display = ("__str__", "author", "board", "status", "reason", "created_at")
    list_filter = ("status", "board")
    readonly_fields = [f.name for f in HeldPost._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ReportReason)
class ReportReasonAdmin(admin.ModelAdmin):
    list_display = ("name", "position")
    list_editable = ("position",)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """A record for administrators; moderators handle reports at /reports/."""

    list_display = ("__str__", "reporter", "board", "status", "created_at")
    list_filter = ("status", "board")
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
