from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "luntan.ratings"
    verbose_name = _("评分")

    def ready(self) -> None:
        from luntan.threads.pages import register_post_extra

        from .querysets import ratings_of_posts, standing_ratings_exist

        # The 评分 table under each rated post of a thread page.
        register_post_extra("ratings", flag=standing_ratings_exist, load=ratings_of_posts)
