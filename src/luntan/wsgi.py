import os
import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luntan.settings.prod")
try:
    settings.INSTALLED_APPS  # noqa: B018 - loads the settings: a bad variable stops here
except ImproperlyConfigured as error:
    sys.exit(f"luntan: {error}")  # one line naming the variable, no traceback
application = get_wsgi_application()
