"""Policy figures: every amount, rate, threshold, deadline and count the policy sets, in one place.

An app declares its figures (name, Chinese label through the catalogue, kind, unit, bounds) in
``<app>/policy.py``; the kernel imports that module at start-up. Values are data, never literals in
code: rows of ``core.PolicyFigure`` (value, effective window, source clause, confirmed or
provisional, version, who changed it last and when). The first values ship as the app's default
data, ``<app>/policy_defaults.toml``, loaded after every migrate for keys that have no row yet
(never overwriting an edit). City staff change them on ``/staff/policy/``; every change is audited
with before/after.

    # <app>/policy.py
    from xingtai_jobs.core import policy
    from xingtai_jobs.core.policy import Figure, Unit

    FIGURES = policy.declare("wage_arrears", _("Wage-arrears handling"), [
        Figure("accept_working_days", _("Working days to decide acceptance"), "int", Unit.WORKING_DAYS, min=1, max=60),
    ])

    # anywhere
    policy.value("wage_arrears.accept_working_days", on=received_on)   # -> 5 (int)
    policy.values("wage_arrears", on=day)                               # -> {"accept_working_days": 5, ...}
    policy.figures("wage_arrears")                                      # -> [FigureState(spec, rows), ...]

A per-owner parameter set (a subsidy scheme's round keeps its parameters as JSON on the round) is
declared with ``policy.declare_set(name, label, figures)`` and validated with ``FigureSet.validate``:
the same specs, the same checks, the same messages.

Reads are served from the kernel's reference memo (``refcache``): one query per process per
``XT_REFCACHE_SECONDS``; a save through the ORM drops the memo at once in that process.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from xingtai_jobs.core import clock
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.refcache import reference_memo

logger = logging.getLogger(__name__)

DEFAULTS_FILE = "policy_defaults.toml"

INT, DECIMAL, RATE, MONEY, TEXT, TIME, DATE = "int", "decimal", "rate", "money", "text", "time", "date"
KINDS = (INT, DECIMAL, RATE, MONEY, TEXT, TIME, DATE)
TEXT_MAX = 300


class Unit:
    """Units shown beside a value (translatable); an app may pass any other lazy text."""

    PEOPLE = gettext_lazy("people")
    TIMES = gettext_lazy("times")
    ITEMS = pgettext_lazy("unit", "items")
    EVENTS = pgettext_lazy("unit", "events")
    DAYS = gettext_lazy("days")
    WORKING_DAYS = pgettext_lazy("unit", "working days")
    WEEKS = gettext_lazy("weeks")
    MONTHS = gettext_lazy("months")
    YEARS = gettext_lazy("years")
    YEARS_OF_AGE = gettext_lazy("years of age")
    YUAN = gettext_lazy("yuan")
    WAN_YUAN = gettext_lazy("10,000 yuan")
    SHARE = gettext_lazy("share (0–1)")
    DAY_OF_MONTH = gettext_lazy("day of the month")
    WEEKDAY = gettext_lazy("weekday (0 = Monday)")
    CLOCK = gettext_lazy("time of day (HH:MM)")
    NONE = ""


@dataclass(frozen=True)
class Figure:
    """The declaration of one figure: ``name`` (unique in its namespace), a translatable label,
    ``kind`` (int, decimal, rate 0–1, money, text, time, date), a unit and inclusive bounds; a text
    figure may name the only values it takes (``choices``)."""

    name: str
    label: Any
    kind: str = INT
    unit: Any = ""
    min: Decimal | int | None = None
    max: Decimal | int | None = None
    help: Any = ""
    choices: tuple[str, ...] = ()  # a text figure's only values (e.g. a payout period: monthly, quarterly)
    key: str = ""  # set by declare(): "<namespace>.<name>"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ImproperlyConfigured(f"policy figure {self.name!r}: unknown kind {self.kind!r}")
        if self.choices and self.kind != TEXT:
            raise ImproperlyConfigured(f"policy figure {self.name!r}: only a text figure has choices")

    # --- values ---------------------------------------------------------------------------------

    def bounds(self) -> tuple[Decimal | None, Decimal | None]:
        lo = Decimal(self.min) if self.min is not None else (Decimal(0) if self.kind in (INT, RATE, MONEY, DECIMAL) else None)
        hi = Decimal(self.max) if self.max is not None else (Decimal(1) if self.kind == RATE else None)
        return lo, hi

    def parse(self, raw: Any) -> Any:
        """The typed value of ``raw`` (text, number, date or time); ValueError with a message in the
        user's language naming the figure and what is expected."""
        try:
            return self._parse(raw)
        except (ValueError, InvalidOperation, TypeError, ArithmeticError):
            raise ValueError(self.expectation()) from None

    def _parse(self, raw: Any) -> Any:
        if raw is None or isinstance(raw, bool):
            raise ValueError
        if self.kind == TEXT:
            text = str(raw).strip()
            if not text or len(text) > TEXT_MAX or (self.choices and text not in self.choices):
                raise ValueError
            return text
        if self.kind == DATE:
            return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw).strip())
        if self.kind == TIME:
            if isinstance(raw, dt.time):
                return raw.replace(second=0, microsecond=0)
            hours, _sep, minutes = str(raw).strip().partition(":")
            if not (hours.isascii() and hours.isdigit() and minutes.isascii() and minutes.isdigit() and len(minutes) == 2):
                raise ValueError
            return dt.time(int(hours), int(minutes))
        from xingtai_jobs.core.inputs import ascii_digits

        text = ascii_digits(str(raw).strip())  # full-width １２ as 12, as every input of the portal
        if not isinstance(raw, Decimal) and not text.isascii():  # Decimal() would read "٣" as 3
            raise ValueError
        number = raw if isinstance(raw, Decimal) else Decimal(text)
        if not number.is_finite():
            raise ValueError
        lo, hi = self.bounds()
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            raise ValueError
        if self.kind == INT:
            if number != number.to_integral_value():
                raise ValueError
            return int(number)
        if self.kind == MONEY and number.as_tuple().exponent < -2:  # type: ignore[operator]
            raise ValueError
        return number

    def canonical(self, typed: Any) -> str:
        """The stored text of a typed value."""
        if self.kind == TIME:
            return typed.strftime("%H:%M")
        if self.kind == DATE:
            return typed.isoformat()
        return str(typed)

    def jsonable(self, typed: Any) -> Any:
        """The JSON form of a typed value (numbers as int or text, so Decimals stay exact)."""
        return typed if self.kind == INT else self.canonical(typed)

    def expectation(self) -> str:
        lo, hi = self.bounds()
        args = {"label": str(self.label), "min": _num(lo), "max": _num(hi)}
        if self.kind == TEXT and self.choices:
            return _("%(label)s: enter one of %(choices)s.") % dict(args, choices=", ".join(self.choices))
        if self.kind == TEXT:
            return _("%(label)s: enter a text of 1 to %(max)s characters.") % dict(args, max=TEXT_MAX)
        if self.kind == DATE:
            return _("%(label)s: enter a date as YYYY-MM-DD.") % args
        if self.kind == TIME:
            return _("%(label)s: enter a time of day as HH:MM.") % args
        what = {INT: _("a whole number"), MONEY: _("an amount in yuan with at most 2 decimals"),
                RATE: _("a share between 0 and 1, e.g. 0.30"), DECIMAL: _("a number")}[self.kind]
        if lo is not None and hi is not None:
            return _("%(label)s: enter %(what)s from %(min)s to %(max)s.") % dict(args, what=what)
        if lo is not None:
            return _("%(label)s: enter %(what)s of at least %(min)s.") % dict(args, what=what)
        return _("%(label)s: enter %(what)s.") % dict(args, what=what)


def _num(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


@dataclass
class Namespace:
    """The figures one app (or one part of an app) declared, in declaration order."""

    name: str
    label: Any
    figures: tuple[Figure, ...]
    order: int = 100

    @property
    def app_label(self) -> str:
        return self.name.split(".", 1)[0]


@dataclass
class SetOwner:
    """One owner row of a figure set (a scheme's round) as the policy page lists it."""

    pk: int
    label: Any
    valid_from: dt.date
    valid_to: dt.date | None
    source: str
    values: dict
    provisional: set
    changed_by: Any = None
    changed_at: Any = None
    items: list = field(default_factory=list)  # [{"spec", "value", "provisional"}], filled by FigureSet.listing()


@dataclass
class FigureSet:
    """The declared parameters of an owner that keeps them together (a scheme's round): validated
    with the same specs and messages as the global figures.

    The owning app sets two hooks so the policy page lists and edits them like the other figures:
    ``owners() -> [SetOwner]`` and ``change(*, owner_id, name, value, confirmed, actor, request)``
    (a service: city staff only, validated with ``validate``, audited with before/after)."""

    name: str
    label: Any
    figures: tuple[Figure, ...]
    owners: Any = None
    change: Any = None
    # Names that only change together (e.g. weights adding up to 1), edited in one form, and the
    # service that takes them: ``change_together(*, owner_id, values, confirmed, actor, request)``.
    together: tuple[str, ...] = ()
    change_together: Any = None

    def listing(self) -> list[SetOwner]:
        owners = list(self.owners()) if self.owners else []
        for owner in owners:
            owner.items = [{"spec": f, "value": owner.values.get(f.name), "provisional": f.name in owner.provisional,
                            "together": f.name in self.together} for f in self.figures]
        return owners

    def spec(self, name: str) -> Figure:
        for figure in self.figures:
            if figure.name == name:
                return figure
        raise KeyError(name)

    def validate(self, raw: Any) -> dict:
        """Every declared parameter present and valid, nothing else: the parameters in JSON form,
        or ValueError naming every problem (parameter name and label)."""
        if not isinstance(raw, dict):
            raise ValueError(_("The parameters must be a JSON object."))
        problems: list[str] = []
        clean: dict = {}
        for figure in self.figures:
            if figure.name not in raw:
                problems.append(_("missing parameter %(name)s (%(label)s)") % {"name": figure.name, "label": figure.label})
                continue
            try:
                clean[figure.name] = figure.jsonable(figure.parse(raw[figure.name]))
            except ValueError as exc:
                problems.append(f"{figure.name}: {exc} ({raw[figure.name]!r})")
        unknown = sorted(set(raw) - {f.name for f in self.figures})
        if unknown:
            problems.append(_("unknown parameters: %(names)s") % {"names": ", ".join(unknown)})
        if problems:
            raise ValueError("; ".join(problems))
        return clean

    def typed(self, clean: dict) -> dict:
        """Validated parameters as Python values (int, Decimal, str, date, time)."""
        return {f.name: f.parse(clean[f.name]) for f in self.figures}


_NAMESPACES: dict[str, Namespace] = {}
_SETS: dict[str, FigureSet] = {}
_SPECS: dict[str, Figure] = {}


def _bind(namespace: str, figures: Iterable[Figure]) -> tuple[Figure, ...]:
    bound = []
    seen: set[str] = set()
    for figure in figures:
        if figure.name in seen:
            raise ImproperlyConfigured(f"policy figure {namespace}.{figure.name} declared twice")
        seen.add(figure.name)
        bound.append(Figure(**{**figure.__dict__, "key": f"{namespace}.{figure.name}"}))
    return tuple(bound)


def declare(namespace: str, label: Any, figures: Sequence[Figure], *, order: int = 100) -> Namespace:
    """Declare the figures of ``namespace`` (``"<app_label>"`` or ``"<app_label>.<part>"``)."""
    ns = Namespace(namespace, label, _bind(namespace, figures), order)
    for figure in ns.figures:
        existing = _SPECS.get(figure.key)
        if existing is not None and existing != figure:
            raise ImproperlyConfigured(f"policy figure {figure.key} declared twice")
        _SPECS[figure.key] = figure
    _NAMESPACES[namespace] = ns
    return ns


def declare_set(name: str, label: Any, figures: Sequence[Figure]) -> FigureSet:
    """Declare a parameter set kept together on an owner row (e.g. ``subsidies.stable_job_refund``)."""
    figure_set = FigureSet(name, label, _bind(name, figures))
    _SETS[name] = figure_set
    return figure_set


# Owners of several sets read in one query: while ``listings()`` runs, ``shared(name, loader)``
# calls each loader once and hands every set the same result (outside a listing, every call loads).
_SHARED: contextvars.ContextVar[dict | None] = contextvars.ContextVar("xt_policy_shared", default=None)


def shared(name: str, loader: Callable[[], Any]) -> Any:
    """The result of ``loader()``, read once per ``listings()`` pass for every set that asks for
    ``name`` (e.g. the rounds of every scheme in one query, each set picking its scheme's)."""
    memo = _SHARED.get()
    if memo is None:
        return loader()
    if name not in memo:
        memo[name] = loader()
    return memo[name]


def listings(sets: Iterable[FigureSet] | None = None) -> list[tuple[FigureSet, list[SetOwner]]]:
    """Every set with its owners (``FigureSet.listing``), the sets' shared loaders read once: a
    constant number of queries however many sets are declared."""
    token = _SHARED.set({})
    try:
        return [(figure_set, figure_set.listing()) for figure_set in (figure_sets() if sets is None else sets)]
    finally:
        _SHARED.reset(token)


def namespaces() -> list[Namespace]:
    return sorted(_NAMESPACES.values(), key=lambda ns: (ns.order, ns.name))


def figure_sets() -> list[FigureSet]:
    return sorted(_SETS.values(), key=lambda s: s.name)


def spec(key: str) -> Figure:
    try:
        return _SPECS[key]
    except KeyError:
        raise LookupError(f"undeclared policy figure {key!r}") from None


def discover() -> None:
    """Import ``<app>/policy.py`` of every project app (CoreConfig.ready)."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.conf import settings

    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        if not Path(config.path).resolve().is_relative_to(base):
            continue
        module = f"{config.name}.policy"
        if find_spec(module) is not None:
            import_module(module)


# --- reads -------------------------------------------------------------------------------------


class FigureMissing(DomainError):
    """No valid value of a figure is in force on the date asked about (``conflict``: the step cannot
    be taken until city staff enter the figure)."""

    def __init__(self, message, **kwargs):
        kwargs.setdefault("code", "conflict")
        super().__init__(message, **kwargs)


@dataclass(frozen=True)
class _Entry:
    valid_from: dt.date
    valid_to: dt.date | None
    value: Any
    error: str
    row: Any


@reference_memo("core.PolicyFigure")
def _table() -> dict[str, tuple[_Entry, ...]]:
    """Every stored figure row by key, newest window first, parsed by its declaration."""
    from xingtai_jobs.core.models import PolicyFigure

    table: dict[str, list[_Entry]] = {}
    for row in PolicyFigure.objects.select_related("changed_by").order_by("key", "-valid_from"):
        figure = _SPECS.get(row.key)
        value, error = None, ""
        if figure is None:
            error = "undeclared"
        else:
            try:
                value = figure.parse(row.value)
            except ValueError as exc:
                error = str(exc)
        table.setdefault(row.key, []).append(_Entry(row.valid_from, row.valid_to, value, error, row))
    return {key: tuple(entries) for key, entries in table.items()}


def _in_force(entries: Iterable[_Entry], on: dt.date) -> _Entry | None:
    for entry in entries:
        if entry.valid_from <= on and (entry.valid_to is None or on <= entry.valid_to):
            return entry
    return None


def value(key: str, *, on: dt.date | None = None) -> Any:
    """The typed value of figure ``key`` in force on ``on`` (today by default).

    Raises ``FigureMissing`` (a DomainError with a message for people) when no valid row covers
    the date, ``LookupError`` when the key was never declared (a programming error)."""
    figure = spec(key)
    day = on or clock.today()
    entry = _in_force(_table().get(key, ()), day)
    if entry is None or entry.error:
        if entry is not None:
            logger.error("policy figure %s: stored value %r is invalid: %s", key, entry.row.value, entry.error)
        raise FigureMissing(
            _("The policy figure “%(label)s” (%(key)s) has no valid value in force on %(date)s; city staff must enter it on the policy page.")
            % {"label": figure.label, "key": key, "date": day.isoformat()})
    return entry.value


def values(namespace: str, *, on: dt.date | None = None) -> dict[str, Any]:
    """Every figure of ``namespace`` in force on ``on``: ``{name: typed value}``."""
    try:
        ns = _NAMESPACES[namespace]
    except KeyError:
        raise LookupError(f"undeclared policy namespace {namespace!r}") from None
    return {figure.name: value(figure.key, on=on) for figure in ns.figures}


@dataclass
class FigureState:
    """A declared figure with its stored rows (newest window first) for pages and checks."""

    spec: Figure
    rows: list = field(default_factory=list)  # PolicyFigure instances with changed_by
    errors: dict = field(default_factory=dict)  # row pk -> message of a stored value that does not parse

    def in_force(self, on: dt.date):
        entry = next((r for r in self.rows if r.valid_from <= on and (r.valid_to is None or on <= r.valid_to)), None)
        return entry

    @property
    def provisional(self) -> bool:
        return any(not r.confirmed for r in self.rows)


def figures(prefix: str = "") -> list[FigureState]:
    """Declared figures whose key starts with ``prefix``, in declaration order, with their rows."""
    table = _table()
    out = []
    for ns in namespaces():
        for figure in ns.figures:
            if figure.key.startswith(prefix):
                entries = table.get(figure.key, ())
                out.append(FigureState(figure, [e.row for e in entries], {e.row.pk: e.error for e in entries if e.error}))
    return out


# --- writes ------------------------------------------------------------------------------------


def _require_city(actor) -> None:
    if actor is None or not getattr(actor, "is_city_staff", False):
        raise DomainError(_("Only city-level staff may change policy figures."), code="forbidden")


def _snapshot(row) -> dict:
    return {"value": row.value, "valid_from": row.valid_from, "valid_to": row.valid_to, "source": row.source,
            "confirmed": row.confirmed, "version": row.version}


def _checked(figure: Figure, *, value: Any, valid_from: Any, valid_to: Any, source: Any) -> tuple[str, dt.date, dt.date | None, str]:
    try:
        text = figure.canonical(figure.parse(value))
    except ValueError as exc:
        raise DomainError(str(exc), field="value") from None
    if not isinstance(valid_from, dt.date):
        raise DomainError(_("Enter the date from which the value applies."), field="valid_from")
    if valid_to is not None and (not isinstance(valid_to, dt.date) or valid_to < valid_from):
        raise DomainError(_("The end of the window must not be before its start."), field="valid_to")
    source_text = str(source or "").strip()
    if not source_text or len(source_text) > TEXT_MAX:
        raise DomainError(_("Name the clause or document the value comes from (at most 300 characters)."), field="source")
    return text, valid_from, valid_to, source_text


def _refuse_overlap(key: str, valid_from: dt.date, valid_to: dt.date | None, *, exclude_pk=None) -> None:
    from xingtai_jobs.core.models import PolicyFigure

    others = PolicyFigure.objects.select_for_update().filter(key=key).exclude(pk=exclude_pk)
    for other in others:
        if other.valid_from <= (valid_to or dt.date.max) and valid_from <= (other.valid_to or dt.date.max):
            raise DomainError(
                _("The window overlaps the value valid from %(start)s to %(end)s; change that one first or pick other dates.")
                % {"start": other.valid_from.isoformat(), "end": other.valid_to.isoformat() if other.valid_to else "…"},
                field="valid_from")


@transaction.atomic
def change_figure(*, row_id: int, actor, value: Any, valid_from: dt.date, valid_to: dt.date | None, source: str,
                  confirmed: bool, expected_version: int | None = None, request=None):
    """Change one stored value (its value, window, source or confirmation): city staff only,
    validated against the declaration, audited with before/after; a stale ``expected_version``
    (someone else saved in between) is refused."""
    from xingtai_jobs.core.audit import audit
    from xingtai_jobs.core.models import PolicyFigure

    _require_city(actor)
    row = PolicyFigure.objects.select_for_update().filter(pk=row_id).first()
    if row is None:
        raise DomainError(_("This policy figure does not exist."), code="not_found")
    figure = spec(row.key)
    if expected_version is not None and expected_version != row.version:
        raise DomainError(_("Someone else changed this figure in the meantime; reload the page and try again."), code="conflict")
    text, start, end, source_text = _checked(figure, value=value, valid_from=valid_from, valid_to=valid_to, source=source)
    _refuse_overlap(row.key, start, end, exclude_pk=row.pk)
    before = _snapshot(row)
    row.value, row.valid_from, row.valid_to, row.source, row.confirmed = text, start, end, source_text, bool(confirmed)
    after_values = _snapshot(row)
    if after_values == before:
        return row
    row.version += 1
    row.changed_by, row.changed_at = actor, timezone.now()
    row.save()
    audit("core.policy_figure.changed", row, actor=actor, request=request, before=before, after=_snapshot(row),
          message=row.key)
    return row


@transaction.atomic
def add_period(*, key: str, actor, value: Any, valid_from: dt.date, source: str, confirmed: bool,
               valid_to: dt.date | None = None, request=None):
    """A new value of ``key`` from ``valid_from``: the value open on that day is closed the day
    before (audited), then the new row is created (audited)."""
    from xingtai_jobs.core.audit import audit
    from xingtai_jobs.core.models import PolicyFigure

    _require_city(actor)
    try:
        figure = spec(key)
    except LookupError:
        raise DomainError(_("This policy figure does not exist."), code="not_found") from None
    text, start, end, source_text = _checked(figure, value=value, valid_from=valid_from, valid_to=valid_to, source=source)
    current = (PolicyFigure.objects.select_for_update().filter(key=key, valid_from__lt=start)
               .exclude(valid_to__lt=start).order_by("-valid_from").first())
    if current is not None:
        before = _snapshot(current)
        current.valid_to = start - dt.timedelta(days=1)
        current.version += 1
        current.changed_by, current.changed_at = actor, timezone.now()
        current.save()
        audit("core.policy_figure.closed", current, actor=actor, request=request, before=before, after=_snapshot(current),
              message=key)
    _refuse_overlap(key, start, end)
    row = PolicyFigure.objects.create(key=key, value=text, valid_from=start, valid_to=end, source=source_text,
                                      confirmed=bool(confirmed), changed_by=actor, changed_at=timezone.now())
    audit("core.policy_figure.added", row, actor=actor, request=request, before=None, after=_snapshot(row), message=key)
    return row


# --- default data ------------------------------------------------------------------------------


def default_rows(app_label: str) -> list[dict]:
    """The rows of ``<app>/policy_defaults.toml`` (``[[figure]]`` tables: key, value, valid_from,
    optional valid_to, source, confirmed), each checked against its declaration."""
    config = apps.get_app_config(app_label)
    path = Path(config.path) / DEFAULTS_FILE
    if not path.exists():
        return []
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    rows = []
    for item in data.get("figure", []):
        key = item.get("key", "")
        if key not in _SPECS:
            raise ImproperlyConfigured(f"{path}: {key!r} is not a declared policy figure")
        figure = _SPECS[key]
        try:
            text = figure.canonical(figure.parse(item.get("value")))
        except ValueError as exc:
            raise ImproperlyConfigured(f"{path}: {key}: {exc}") from None
        if not str(item.get("source", "")).strip() or not isinstance(item.get("confirmed"), bool):
            raise ImproperlyConfigured(f"{path}: {key}: every default names its source and whether it is confirmed")
        rows.append({"key": key, "value": text, "valid_from": item["valid_from"], "valid_to": item.get("valid_to"),
                     "source": str(item["source"]).strip(), "confirmed": item["confirmed"]})
    return rows


def set_defaults(set_name: str) -> dict:
    """The default parameters of a figure set (``[set.<name>]`` in the owner app's defaults file),
    validated: what a new owner row (a new round) starts from."""
    figure_set = _SETS[set_name]
    config = apps.get_app_config(set_name.split(".", 1)[0])
    path = Path(config.path) / DEFAULTS_FILE
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    try:
        raw = data["set"][set_name.split(".", 1)[1]]
    except KeyError:
        raise ImproperlyConfigured(f"{path}: no [set.{set_name.split('.', 1)[1]}] table") from None
    try:
        return figure_set.validate(dict(raw))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{path}: {exc}") from None


def set_provisional(set_name: str) -> list[str]:
    """The parameters of a figure set that its default data marks provisional (``[provisional]``
    table of the owner app's defaults file: ``<set> = ["name", ...]``)."""
    figure_set = _SETS[set_name]
    config = apps.get_app_config(set_name.split(".", 1)[0])
    with (Path(config.path) / DEFAULTS_FILE).open("rb") as fh:
        names = tomllib.load(fh).get("provisional", {}).get(set_name.split(".", 1)[1], [])
    unknown = set(names) - {f.name for f in figure_set.figures}
    if unknown:
        raise ImproperlyConfigured(f"{set_name}: provisional names {sorted(unknown)} are not declared")
    return list(names)


def load_defaults(PolicyFigure, app_labels: Iterable[str] | None = None) -> int:  # noqa: N803 - model class
    """Create the default rows of every key that has no row at all (never overwrites an edit)."""
    labels = sorted({ns.app_label for ns in _NAMESPACES.values()}) if app_labels is None else list(app_labels)
    existing = set(PolicyFigure.objects.values_list("key", flat=True))
    new = [PolicyFigure(**row) for label in labels for row in default_rows(label) if row["key"] not in existing]
    if new:
        PolicyFigure.objects.bulk_create(new)
        _table.clear()
    return len(new)


def ensure_defaults(sender=None, using="default", **kwargs) -> None:
    """post_migrate receiver: load the default data once the kernel's tables exist."""
    from django.db import DEFAULT_DB_ALIAS

    from xingtai_jobs.core.models import PolicyFigure

    if using == DEFAULT_DB_ALIAS:
        load_defaults(PolicyFigure)
