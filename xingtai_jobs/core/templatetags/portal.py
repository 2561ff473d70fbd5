from django import template

from xingtai_jobs.core.models import TaskRun

register = template.Library()


@register.simple_tag
def recent_taskruns(user, limit: int = 5):
    """Background work the user may follow (all for city staff, their own otherwise)."""
    if user is None or not user.is_authenticated:
        return []
    qs = TaskRun.objects.select_related("started_by").order_by("-created_at")
    if not (user.is_superuser or user.role == user.Role.CITY_STAFF):
        qs = qs.filter(started_by=user)
    return list(qs[:limit])
