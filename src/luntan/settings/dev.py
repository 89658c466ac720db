"""`make run`: SQLite, in-process cache, debug pages, mail to the console."""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DEBUG", True)
