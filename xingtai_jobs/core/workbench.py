"""The staff workbench (工作台, ``/staff/``): every piece of work waiting for the signed-in officer,
counted and linked (ADR 0021).

Each app declares its kinds of work in ``<app>/workbench.py`` (imported at start-up, like
``cache.py``), with no edit to the kernel::

    from xingtai_jobs.core import workbench

    @workbench.work("wage_arrears.complaints", _("Wage-arrears cases"), who=workbench.staff, order=10)
    def complaints(user, region):
        qs = workbench.in_region(complaints_visible_to(user), "region", region)   # the app's selector
        ...one query...
        return [workbench.Line(_("To accept"), n, workbench.link("wage_arrears:staff-queue", region,
                                                                  status="submitted"))]

A kind of work is one function ``(user, region) -> [Line]`` that runs exactly ONE query (the page's
query count is pinned in a test), reads through the app's selector (so scope is the app's rule)
and narrows to ``region`` (a ``Region`` a city officer picked, else None). Each line's link opens
the page that lists exactly the rows counted (the same filters, ``?region=<code>`` included).
``who(user)`` says which staff the kind concerns (``staff``, ``bureau_staff``, ``city_staff``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core.errors import DomainError


@dataclass(frozen=True)
class Line:
    """One count on the workbench: what is waiting, how many, and the page listing exactly those."""

    label: Any
    count: int
    url: str
    tone: str = ""  # "" (to do), "warn" (due soon), "err" (overdue)
    always: bool = False  # shown even when the count is 0 (the kind's main line)


@dataclass(frozen=True)
class Work:
    name: str
    title: Any
    lines: Callable[[Any, Any], list[Line]]
    who: Callable[[Any], bool]
    order: int = 100
    description: Any = ""


_REGISTRY: dict[str, Work] = {}


# --- who a kind of work concerns ----------------------------------------------------------------


def staff(user) -> bool:
    """City and county staff and department liaisons (and superusers)."""
    return bool(user and user.is_authenticated and user.is_active and (user.is_superuser or user.role in user.STAFF_ROLES))


def bureau_staff(user) -> bool:
    return staff(user) and bool(user.is_superuser or user.is_bureau_staff)


def city_staff(user) -> bool:
    return staff(user) and bool(user.is_city_staff)


# --- declaring --------------------------------------------------------------------------------


def work(name: str, title, *, who: Callable[[Any], bool] = bureau_staff, order: int = 100, description=""):
    """Decorator: register ``fn(user, region) -> list[Line]`` as the kind of work ``name``."""

    def register(fn):
        _REGISTRY[name] = Work(name=name, title=title, lines=fn, who=who, order=order, description=description)
        return fn

    return register


def discover() -> None:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("workbench")


def kinds() -> list[Work]:
    return sorted(_REGISTRY.values(), key=lambda w: (w.order, w.name))


def kinds_for(user) -> list[Work]:
    return [w for w in kinds() if w.who(user)]


# --- helpers for the apps' functions ------------------------------------------------------------


def in_region(qs: QuerySet, region_path: str, region) -> QuerySet:
    """``qs`` narrowed to ``region`` (a Region or None = every region the selector gave)."""
    return qs.filter(**{region_path: region}) if region is not None else qs


def counts(qs: QuerySet, **conditions: Q) -> dict[str, int]:
    """One aggregate query: a count per named condition (``Q()`` counts every row)."""
    result = qs.order_by().aggregate(**{key: Count("pk", filter=cond if cond else None) for key, cond in conditions.items()})
    return {key: result[key] or 0 for key in conditions}


def link(url_name: str, region=None, *args, anchor: str = "", region_param: str = "region",
         region_value: Callable[[Any], Any] | None = None, **params) -> str:
    """The URL of a list page with its filters; the region (when one is chosen) as ``?region=<code>``
    unless the page names it otherwise (``region_param``/``region_value``, e.g. a form's pk)."""
    url = reverse(url_name, args=args)
    query = {k: v for k, v in params.items() if v not in (None, "")}
    if region is not None:
        query[region_param] = region_value(region) if region_value else region.code
    if query:
        url += "?" + urlencode(query)
    return url + (f"#{anchor}" if anchor else "")


# --- the region a staff page is narrowed to -----------------------------------------------------


def region_from_query(request, *, param: str = "region"):
    """The region of ``?region=<code>`` on a staff list page, parsed strictly: empty/absent → None
    (every region the officer works in); a code that is not six digits or not one of the officer's
    regions → ``DomainError`` (400, nothing shown). County staff may name only their own region."""
    from xingtai_jobs.core.scoping import regions_for

    raw = request.GET.get(param, "")
    if raw == "":
        return None
    code = raw.strip()
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        raise DomainError(_("The region must be a six-digit county code, e.g. 130502."), field=param)
    region = regions_for(request.user).filter(code=code).first()
    if region is None:
        raise DomainError(_("The region %(code)s is not one of the regions you work in.") % {"code": code}, field=param)
    return region


# --- the page -----------------------------------------------------------------------------------


@dataclass
class Section:
    work: Work
    lines: list[Line] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "work-" + self.work.name.replace(".", "-").replace("_", "-")

    @property
    def total(self) -> int:
        return sum(line.count for line in self.lines)

    @property
    def shown(self) -> list[Line]:
        return [line for line in self.lines if line.count or line.always]


def collect(user, region=None, *, only: Iterable[str] | None = None) -> list[Section]:
    """Every kind of work that concerns ``user``, its lines counted (one query each)."""
    wanted = set(only) if only is not None else None
    return [Section(w, list(w.lines(user, region))) for w in kinds_for(user) if wanted is None or w.name in wanted]


# --- the kernel's own kind: background work that failed -----------------------------------------


@work("core.failed_runs", _("Background work that failed"), who=city_staff, order=90,
      description=_("Screenings, ranking computations and other long runs that stopped with an error in the last 7 days."))
def failed_runs(user, region) -> list[Line]:
    import datetime as dt

    from django.utils import timezone

    from xingtai_jobs.core import clock
    from xingtai_jobs.core.models import TaskRun
    from xingtai_jobs.core.selectors import task_runs_visible_to

    # runs belong to no county: the region filter does not narrow them
    since = timezone.make_aware(dt.datetime.combine(clock.today() - dt.timedelta(days=7), dt.time()))
    n = counts(task_runs_visible_to(user).filter(created_at__gte=since), failed=Q(status=TaskRun.Status.FAILED))
    return [Line(_("Failed in the last 7 days"), n["failed"],
                 link("admin:core_taskrun_changelist", None, status__exact=TaskRun.Status.FAILED,
                      created_at__gte=str(since)), tone="err")]
