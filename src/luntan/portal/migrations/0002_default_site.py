"""The settings row with the reference portal's footer, and the five pages its footer links to.

Texts are stored in Simplified Chinese, as the operator would write them; readers who chose
繁體 see them converted.
"""

from django.conf import settings
from django.db import migrations

from luntan.core.markup import render_bbcode

DEFAULT_SETTINGS = {
    "description": "霍林郭勒市本地综合信息门户：本地新闻、便民信息、招聘租房，网友交流的家园。",
    "copyright_start_year": 2011,
    "icp_number": "蒙ICP备11001371号-1",
    "police_number": "蒙公网安备 15058102000003号",
    "address": "内蒙古霍林郭勒市",
    "qq_group": "12340475",
    "contact_qq": "1595215298",
    "phone": "13204759339",
    "email": "huolinhe@163.com",
    "notice": (
        "本站禁止发布任何违反国家法律、法规的言论与图片等内容；本站内容均来自个人观点与网络等信息，"
        "非本站认同之观点，我站不负任何责任。"
    ),
}

DEFAULT_PAGES = [
    (
        "intro",
        "网站介绍",
        "[b]霍林河信息港[/b]是霍林郭勒市的本地综合信息门户，设有本地动态、生活服务、二手交易、"
        "招聘求职和房产信息等版块。\n\n欢迎注册成为会员，发布信息、参与讨论，一起把家乡的事说清楚。",
    ),
    (
        "ads",
        "广告服务",
        "本站面向霍林郭勒及周边地区读者，承接本地商家的横幅广告、版块置顶和信息推广。\n\n"
        "投放前请通过[b]联系方式[/b]页面中的电话或邮箱与我们联系，说明投放内容、版位和时间。"
        "所有广告须符合国家法律法规，本站保留审核权。",
    ),
    (
        "contact",
        "联系方式",
        "[list]\n[*]地址：内蒙古霍林郭勒市\n[*]官方QQ群：12340475\n[*]腾讯QQ：1595215298\n"
        "[*]电话：13204759339\n[*]邮箱：huolinhe@163.com\n[/list]\n"
        "举报违法和不良信息、版权投诉，请写明帖子地址，我们会尽快处理。",
    ),
    (
        "about",
        "关于我们",
        "霍林河信息港创办于 2011 年，由本地网友共同维护，坚持服务本地、文明交流。\n\n"
        "各版块由版主管理，有任何意见和建议，欢迎在站务版块留言或通过联系方式告诉我们。",
    ),
    (
        "disclaimer",
        "免责声明",
        "[list=1]\n[*]本站帖子仅代表作者本人观点，不代表本站立场。\n"
        "[*]会员须对自己发布的内容负责，因发布内容引起的法律责任由发布者承担。\n"
        "[*]本站部分内容转载自网络，如有侵犯您的权益，请通过联系方式告知，我们核实后立即删除。\n"
        "[*]二手交易、招聘等信息请读者自行核实，本站不承担由此产生的任何损失。\n[/list]",
    ),
]


def create_defaults(apps, schema_editor) -> None:
    SiteSettings = apps.get_model("portal", "SiteSettings")
    SitePage = apps.get_model("portal", "SitePage")
    SiteSettings.objects.update_or_create(
        pk=1,
        defaults={
            **DEFAULT_SETTINGS,
            "site_name": settings.LUNTAN_SITE_NAME,
            "default_language": settings.LANGUAGE_CODE,
        },
    )
    for position, (slug, title, body) in enumerate(DEFAULT_PAGES, start=1):
        SitePage.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "body": body,
                # Historical models have no save() logic: render here as SitePage.save() would.
                "html": render_bbcode(body),
                "position": position,
            },
        )


def remove_defaults(apps, schema_editor) -> None:
    apps.get_model("portal", "SitePage").objects.filter(
        slug__in=[slug for slug, _title, _body in DEFAULT_PAGES]
    ).delete()
    apps.get_model("portal", "SiteSettings").objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(create_defaults, remove_defaults)]
