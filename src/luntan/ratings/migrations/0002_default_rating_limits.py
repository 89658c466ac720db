"""Staff groups may rate with 威望 (extcredits1) out of the box, as on a fresh Discuz! site."""

from django.db import migrations

STAFF_LIMITS = {"max_per_rating": 5, "max_per_day": 50}


def create_limits(apps, schema_editor):
    UserGroup = apps.get_model("accounts", "UserGroup")
    RatingLimit = apps.get_model("ratings", "RatingLimit")
    for group in UserGroup.objects.filter(kind="staff"):
        RatingLimit.objects.get_or_create(group=group, slot=1, defaults=STAFF_LIMITS)


def remove_limits(apps, schema_editor):
    apps.get_model("ratings", "RatingLimit").objects.filter(group__kind="staff", slot=1).delete()


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial"), ("accounts", "0002_default_user_groups")]
    operations = [migrations.RunPython(create_limits, remove_limits)]
