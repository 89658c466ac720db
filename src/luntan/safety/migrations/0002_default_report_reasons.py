from django.db import migrations

# Discuz!'s usual list; the operator edits it in the admin.
DEFAULT_REASONS = ["广告垃圾", "违规内容", "恶意灌水", "重复发帖", "人身攻击"]


def add_reasons(apps, schema_editor):
    ReportReason = apps.get_model("safety", "ReportReason")
    for position, name in enumerate(DEFAULT_REASONS, start=1):
        ReportReason.objects.get_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]

    operations = [migrations.RunPython(add_reasons, migrations.RunPython.noop)]
