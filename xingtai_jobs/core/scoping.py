"""Row visibility shared by every selector: which regions, departments and enterprises a user
may see. App selectors call these so the admin, the pages and the API apply the same rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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


# --- one selector per model ---------------------------------------------------------------------
#
# Each app's ``selectors.py`` names, once, the function that gives the rows of a model a user may
# see (``@selector_for("app.Model")``) or declares a model reference data (``reference_model``).
# The admin lists, every foreign-key choice, raw-id label and autocomplete in the admin, and the
# scope checks of the services that write (``ensure_visible``) all go through that one function.

_SELECTORS: dict[str, Callable[[Any], QuerySet]] = {}
_REFERENCE: set[str] = set()


def _label(model) -> str:
    if isinstance(model, str):
        return model.lower()
    return model._meta.label_lower


def selector_for(*models):
    """Decorator: ``fn(user) -> QuerySet`` is the visibility rule of each named model."""

    def register(fn):
        for model in models:
            _SELECTORS[_label(model)] = fn
        return fn

    return register


def reference_model(*models) -> None:
    """Reference data (no owner): every active staff user sees every row, nobody else any."""
    for model in models:
        _REFERENCE.add(_label(model))


def is_registered(model) -> bool:
    return _label(model) in _SELECTORS or _label(model) in _REFERENCE


def _staff_or_none(qs: QuerySet, user) -> QuerySet:
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser or user.role in user.STAFF_ROLES:
        return qs
    return qs.none()


def visible_rows(model, user) -> QuerySet:
    """The rows of ``model`` that ``user`` may see, by the model's registered selector.

    A model nobody registered is an error (``LookupError``), never silently unscoped."""
    from django.apps import apps

    label = _label(model)
    model_cls = apps.get_model(label)
    if label in _SELECTORS:
        return _SELECTORS[label](user)
    if label in _REFERENCE:
        return _staff_or_none(model_cls._default_manager.all(), user)
    raise LookupError(f"no selector registered for {label}: use @selector_for or reference_model in its app's selectors.py")


def limit_to_visible(qs: QuerySet, user) -> QuerySet:
    """``qs`` narrowed to the rows its model's selector gives ``user`` (a pk subquery, so the
    selector's joins and ordering never change ``qs``)."""
    return qs.filter(pk__in=visible_rows(qs.model, user).values("pk"))


def may_see(user, obj) -> bool:
    return visible_rows(type(obj), user).filter(pk=obj.pk).exists()


def ensure_visible(user, *objs) -> None:
    """Raise ``DomainError(code="forbidden")`` unless ``user`` may see every (non-None) object:
    the scope check of every service that writes."""
    from django.utils.translation import gettext as _

    from xingtai_jobs.core.errors import DomainError

    for obj in objs:
        if obj is None:
            continue
        if obj.pk is None or not may_see(user, obj):
            raise DomainError(
                _("You may not act on %(what)s outside your scope.") % {"what": obj._meta.verbose_name},
                code="forbidden",
            )


def autodiscover_selectors() -> None:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("selectors")


def ensure_actor_may_see(actor, *objs) -> None:
    """``ensure_visible`` for a service's actor; ``actor=None`` is the system (tasks, imports,
    public forms), whose callers decide what it may touch."""
    if actor is None:
        return
    ensure_visible(actor, *objs)
