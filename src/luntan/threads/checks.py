"""`manage.py check --deploy`: warns when Redis would lose the views it acknowledged."""

from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def check_redis_keeps_views(app_configs, **kwargs) -> list[Warning]:
    from .view_counter import redis_durability_problem

    problem = redis_durability_problem()
    return [Warning(problem, id="luntan.W001")] if problem else []
