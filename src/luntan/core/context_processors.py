from django.conf import settings


def site(request) -> dict:
    return {"site_name": settings.LUNTAN_SITE_NAME}
