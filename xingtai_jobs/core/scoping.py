"""Row visibility shared by every selector: which regions, departments and enterprises a user
may see. App selectors call these so the admin, the pages and the API apply the same rule."""

from __future__ import annotations

from django.db.models import Q, QuerySet


def scope_queryset(
    qs: QuerySet,
    user,
    *,
    region_path: str | None = "region",
    enterprise_path: str | None = None,
    department_path: str | None = None,
    allow_liaison: bool = False,
) -> QuerySet:
    """Filter ``qs`` to the rows ``user`` may see.

    - superusers and city staff: everything;
    - county staff: rows whose ``region_path`` is their region;
    - department liaisons (only where ``allow_liaison``): rows of their region and department;
    - enterprise users: rows whose ``enterprise_path`` is their enterprise;
    - anyone else: nothing.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser or user.role == user.Role.CITY_STAFF:
        return qs
    if user.role == user.Role.COUNTY_STAFF and region_path:
        return qs.filter(**{region_path: user.region_id})
    if user.role == user.Role.DEPARTMENT_LIAISON and allow_liaison and region_path and department_path:
        return qs.filter(Q(**{region_path: user.region_id}) & Q(**{department_path: user.department_id}))
    if user.role == user.Role.ENTERPRISE_USER and enterprise_path and user.enterprise_id:
        return qs.filter(**{enterprise_path: user.enterprise_id})
    return qs.none()


def regions_for(user):
    """The regions a staff user works in (all for city staff)."""
    from xingtai_jobs.core.models import Region

    if user is None or not user.is_authenticated:
        return Region.objects.none()
    if user.is_superuser or user.role == user.Role.CITY_STAFF:
        return Region.objects.all()
    if user.region_id:
        return Region.objects.filter(pk=user.region_id)
    return Region.objects.none()
