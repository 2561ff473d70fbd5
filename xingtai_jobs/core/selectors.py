"""Visibility of the kernel's own models (and of the third-party models the admin shows), registered
once for the admin lists, every foreign-key choice and the services' scope checks."""

from __future__ import annotations

from django.db.models import QuerySet

from xingtai_jobs.core.models import AuditEvent, CalendarOverride, Department, Region, TaskRun, User
from xingtai_jobs.core.scoping import reference_model, regions_for, scope_queryset, selector_for

reference_model(Department, CalendarOverride, "contenttypes.ContentType")


@selector_for(Region)
def regions_visible_to(user) -> QuerySet[Region]:
    """City staff: every region; county staff and liaisons: their own (the regions they may file
    or assign rows to)."""
    return regions_for(user)


@selector_for(User)
def users_visible_to(user) -> QuerySet[User]:
    """Superusers and city staff: every user; county staff: the users of their region; anyone
    else: only themselves."""
    if user is None or not user.is_authenticated or not user.is_active:
        return User.objects.none()
    if user.is_superuser or user.role == User.Role.CITY_STAFF:
        return User.objects.all()
    if user.role == User.Role.COUNTY_STAFF:
        return User.objects.filter(region_id=user.region_id, is_superuser=False)
    return User.objects.filter(pk=user.pk)


@selector_for(AuditEvent)
def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    """The same rule as every other row: city staff all, county staff their region's, nobody else."""
    return scope_queryset(AuditEvent.objects.all(), user, region_path="region")


@selector_for(TaskRun)
def task_runs_visible_to(user) -> QuerySet[TaskRun]:
    """City staff: every run; other staff: the runs they started."""
    if user is None or not user.is_authenticated or not user.is_active:
        return TaskRun.objects.none()
    if user.is_superuser or user.role == User.Role.CITY_STAFF:
        return TaskRun.objects.all()
    if user.role in User.STAFF_ROLES:
        return TaskRun.objects.filter(started_by=user)
    return TaskRun.objects.none()


def _superusers_only(model_label: str):
    def selector(user):
        from django.apps import apps

        qs = apps.get_model(model_label)._default_manager.all()
        return qs if user is not None and user.is_authenticated and user.is_active and user.is_superuser else qs.none()

    selector.__name__ = f"superusers_only_{model_label.replace('.', '_').lower()}"
    return selector_for(model_label)(selector)


# Rights, tokens and schedules: the superuser's business only.
for _model in ("auth.Group", "auth.Permission", "authtoken.Token", "authtoken.TokenProxy", "django_celery_beat.PeriodicTask",
               "django_celery_beat.ClockedSchedule", "django_celery_beat.CrontabSchedule", "django_celery_beat.SolarSchedule",
               "django_celery_beat.IntervalSchedule"):
    _superusers_only(_model)

reference_model("core.PolicyFigure")  # county staff read the figures, city staff edit them on /staff/policy/


def _city_only(model_label: str):
    def selector(user):
        from django.apps import apps

        qs = apps.get_model(model_label)._default_manager.all()
        ok = user is not None and user.is_authenticated and user.is_active and (user.is_superuser or user.role == User.Role.CITY_STAFF)
        return qs if ok else qs.none()

    selector.__name__ = f"city_only_{model_label.replace('.', '_').lower()}"
    return selector_for(model_label)(selector)


# Login throttling records: city staff lift locks.
for _model in ("axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog"):
    _city_only(_model)
