#!/usr/bin/env python3
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luntan.settings.dev")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - loads the settings: a bad variable stops here
    except ImproperlyConfigured as error:
        sys.exit(f"luntan: {error}")  # one line naming the variable, no traceback

    execute_from_command_line(sys.argv)
