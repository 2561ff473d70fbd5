"""State machines declared once: a table per machine, read by the services (the guard) and by the
pages (the buttons), and drawn into docs/workflows/ by ``manage.py workflow_graph``.

A machine lives in ``<app>/workflows.py``::

    COMPLAINT = register(Machine(
        "wage_arrears.complaint", model="wage_arrears.Complaint", title=_("Wage-arrears complaint"),
        states=Status, steps=[
            Step("accept", _("Accept"), sources=[Status.SUBMITTED], target=Status.ACCEPTED, who=bureau_staff,
                 service="wage_arrears.services.handling.complaint_accept",
                 audit_action="wage_arrears.complaint.accepted"),
            ...]))

A step names the states it may start from, who may take it (a predicate on the user and the object:
refused with ``forbidden``), an optional further condition on the object (``when``: refused with
``conflict``, like a wrong state), the resulting state (``None`` when the step changes other fields
only; a tuple when the service picks one of several) and the service that performs it.

- Pages: ``machine.available(user, obj)`` lists the steps whose buttons to show; ``machine.may(...)``
  answers for one step. A button is shown exactly when the service would let the step start.
- Services: ``machine.check(step, user, obj)`` raises the refusal; ``machine.move(step, obj, ...)`` is
  the guard itself: a conditional UPDATE on the declared source states with a row-count check, then
  the audit entry. ``machine.move_many`` moves a set of rows (all or nothing, one audit entry for the
  set, written by the caller); ``machine.move_each`` moves a set of held rows in one UPDATE with one
  audit entry per row (one INSERT). Services still lock rows and check scope (``not_found``) themselves.

Refusals of a wrong state, or of a lost race, use the code ``conflict``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Model, Q
from django.dispatch import Signal
from django.utils.translation import gettext as _

from .audit import audit
from .errors import DomainError

Predicate = Callable[[Any, Any], bool]  # (user, obj) -> bool

CONFLICT = "conflict"


# Sent after every successful move of a machine's rows: sender = the machine's name (connect
# without a sender and compare it: names are not interned), ``step`` = the step's name, and ``pks``
# (the moved rows' ids) or ``queryset`` (a set-based step: the caller's queryset, without the state
# filter). Another app keeps rows that follow a machine's state in step (the entitlements' lines
# follow their subsidy item). Sent only when someone listens.
moved = Signal()


def _announce(machine: str, step: str, **kwargs) -> None:
    if moved.has_listeners(machine):
        moved.send(sender=machine, step=step, **kwargs)


def anyone(user, obj) -> bool:
    """Anyone who can reach the object (scope is the selector's job, not the table's)."""
    return True


def bureau_staff(user, obj) -> bool:
    return bool(user is not None and getattr(user, "is_bureau_staff", False))


def city_staff(user, obj) -> bool:
    return bool(user is not None and getattr(user, "is_city_staff", False))


def system(user, obj) -> bool:
    """Steps taken by the portal itself (scheduled jobs, imports): never offered as a button."""
    return user is None


@dataclass(frozen=True)
class Step:
    name: str
    label: Any  # the button's (lazy) label
    sources: Sequence[str]
    target: str | tuple[str, ...] | None
    who: Predicate = anyone
    when: Predicate | None = None
    service: str = ""  # dotted path of the service that performs the step
    audit_action: str = ""
    who_label: str = ""  # for the diagram, e.g. "city staff"
    when_label: str = ""  # for the diagram, e.g. "substantiated, employer matched"
    who_message: Any = None  # the refusal when ``who`` fails (default: a generic one)
    when_message: Any = None  # the refusal when ``when`` fails (a message, or obj -> message)
    button: bool = True  # offered as a button on the object's page (False: another form or a job)
    refusals: dict | None = None  # state -> the refusal in that state (a message, or obj -> message)

    @property
    def targets(self) -> tuple[str, ...]:
        if self.target is None:
            return ()
        return self.target if isinstance(self.target, tuple) else (self.target,)


@dataclass
class Machine:
    name: str
    model: str  # "app_label.Model"
    title: Any
    states: Any  # a TextChoices class
    steps: Sequence[Step]
    field: str = "status"
    initial: Sequence[str] = ()
    # Derived states (no state column): the state of an object, and the Q of each state.
    state_of: Callable[[Any], str] | None = None
    state_filters: dict[str, Q] | None = None
    # The refusal of a wrong state or a lost race when a step names none (default: generic ones).
    wrong_state_message: Any = None
    _by_name: dict[str, Step] = dataclasses.field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        values = set(self.state_values)
        for step in self.steps:
            if step.name in self._by_name:
                raise ValueError(f"{self.name}: step {step.name} is declared twice")
            unknown = (set(step.sources) | set(step.targets)) - values
            if unknown:
                raise ValueError(f"{self.name}.{step.name}: unknown states {sorted(unknown)}")
            if not step.sources:
                raise ValueError(f"{self.name}.{step.name}: no source state")
            if not step.audit_action:  # every move writes its entry (issue 10): a step without one is a mistake
                raise ValueError(f"{self.name}.{step.name}: no audit action")
            self._by_name[step.name] = step

    # --- the table ---------------------------------------------------------------------------

    @property
    def state_values(self) -> list[str]:
        return [str(v) for v in self.states.values]

    def step(self, name: str) -> Step:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"{self.name} has no step {name!r}") from None

    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def state(self, obj) -> str:
        return self.state_of(obj) if self.state_of is not None else getattr(obj, self.field)

    def state_q(self, states: Iterable[str]) -> Q:
        states = list(states)
        if self.state_filters is None:
            return Q(**{f"{self.field}__in": states})
        q = Q(pk__in=[])
        for state in states:
            q |= self.state_filters[state]
        return q

    # --- pages ---------------------------------------------------------------------------------

    def may(self, step: str | Step, user, obj) -> bool:
        """True when ``user`` may take ``step`` on ``obj`` now (the button is shown)."""
        step = self.step(step) if isinstance(step, str) else step
        return (self.state(obj) in step.sources and step.who(user, obj)
                and (step.when is None or step.when(user, obj)))

    def available(self, user, obj) -> list[Step]:
        return [step for step in self.steps if step.button and self.may(step, user, obj)]

    # --- services ------------------------------------------------------------------------------

    def check(self, step: str | Step, user, obj, *, label: str = "") -> Step:
        """Raise the refusal of ``step`` on ``obj`` for ``user``: ``forbidden`` (who) before
        ``conflict`` (state, then the further condition). ``label`` names the object in the message."""
        step = self.step(step) if isinstance(step, str) else step
        if not step.who(user, obj):
            raise DomainError(str(step.who_message or _("You may not take this step.")), code="forbidden")
        state = self.state(obj)
        if state not in step.sources and step.refusals and state in step.refusals:
            refusal = step.refusals[state]
            raise DomainError(str(refusal(obj) if callable(refusal) else refusal), code=CONFLICT)
        if state not in step.sources:
            display = dict(self.states.choices).get(state, state)
            if self.wrong_state_message is not None:
                message = str(self.wrong_state_message)
            elif label:
                message = _("Case %(code)s is “%(status)s”; this step is not possible now.") % {
                    "code": label, "status": display}
            else:
                message = _("This is “%(status)s”; this step is not possible now.") % {"status": display}
            raise DomainError(message, code=CONFLICT)
        if step.when is not None and not step.when(user, obj):
            message = step.when_message(obj) if callable(step.when_message) else step.when_message
            raise DomainError(str(message or _("This step is not possible now. Reload the page.")), code=CONFLICT)
        return step

    def _target(self, step: Step, to: str | None) -> str | None:
        if to is None:
            if len(step.targets) > 1:
                raise ValueError(f"{self.name}.{step.name}: choose one of {step.targets}")
            return step.targets[0] if step.targets else None
        if to not in step.targets:
            raise ValueError(f"{self.name}.{step.name}: {to} is not a declared target")
        return to

    def move(self, step: str | Step, obj, *, actor=None, updates: dict | None = None, to: str | None = None,
             request=None, message: str = "", before: dict | None = None, after: dict | None = None,
             region=None, record: dict | None = None, guard: Q | None = None, conflict_message: Any = None) -> Any:
        """The guard: UPDATE the row only while it is still in one of the step's source states;
        any other row count (someone else moved it) is a ``conflict``. Then the audit entry of every
        move (the step's ``audit_action``): before/after carry the state and ``updates`` (plus
        ``before``/``after``), or, with ``record={"before": {...}, "after": {...}}``, exactly what the
        service chose to record (e.g. the run started, the entries published, a deadline moved).
        ``guard`` adds a condition to the UPDATE (e.g. ``Q(extended=False)``). Sets the new values
        on ``obj``."""
        step = self.step(step) if isinstance(step, str) else step
        updates = dict(updates or {})
        target = self._target(step, to)
        old = self.state(obj)
        if target is not None and self.state_filters is None:
            updates[self.field] = target
        previous = {k: getattr(obj, k, None) for k in updates if k != self.field}
        rows = self.model_class()._default_manager.filter(pk=obj.pk).filter(self.state_q(step.sources))
        if guard is not None:
            rows = rows.filter(guard)
        changed = rows.update(**updates)
        if changed != 1:
            raise DomainError(str(conflict_message or self.wrong_state_message or _("This was changed by someone else; reload the page and try "
                                                            "again.")), code=CONFLICT)
        if record is not None:
            before, after = record.get("before"), record.get("after")
        else:
            before = {self.field: old, **previous, **(before or {})}
            after = {self.field: target or old, **{k: v for k, v in updates.items() if k != self.field}, **(after or {})}
        audit(step.audit_action, obj, actor=actor, request=request, message=message, region=region,
              before=before, after=after)
        for key, value in updates.items():
            setattr(obj, key, value)
        _announce(self.name, step.name, pks=[obj.pk])
        return obj

    def move_many(self, step: str | Step, pks: Sequence[int], *, updates: dict | None = None,
                  to: str | None = None, conflict_message: Any = None) -> int:
        """Move every row of ``pks`` (all or nothing: a ``conflict`` when any of them left the source
        states). The caller writes the audit entry for the set."""
        step = self.step(step) if isinstance(step, str) else step
        updates = dict(updates or {})
        target = self._target(step, to)
        if target is not None and self.state_filters is None:
            updates[self.field] = target
        pks = list(pks)
        changed = self.model_class()._default_manager.filter(pk__in=pks).filter(self.state_q(step.sources)).update(**updates)
        if changed != len(set(pks)):
            raise DomainError(str(conflict_message or self.wrong_state_message or _("Some items changed in the meantime; nothing was done. "
                                                            "Try again.")), code=CONFLICT)
        _announce(self.name, step.name, pks=pks)
        return changed

    def move_each(self, step: str | Step, objs: Sequence[Any], *, actor=None, updates: dict | None = None, to: str | None = None,
                  message: str = "", region=None, conflict_message: Any = None) -> int:
        """``move`` for a set of rows the caller holds (locked): ONE conditional UPDATE of all of
        them (all or nothing: a ``conflict`` when any of them left the source states) and one audit
        entry per row, as ``move`` writes it (before/after: the row's state and ``updates``), in one
        INSERT (``audit.audit_many``). Sets the new values on each object. ``region`` as for
        ``audit`` (default: each row's own)."""
        from .audit import Entry, audit_many

        step = self.step(step) if isinstance(step, str) else step
        objs = list(objs)
        if not objs:
            return 0
        updates = dict(updates or {})
        target = self._target(step, to)
        if target is not None and self.state_filters is None:
            updates[self.field] = target
        pks = [obj.pk for obj in objs]
        if len(set(pks)) != len(pks):
            raise ValueError(f"{self.name}.{step.name}: a row is named twice")
        entries = []
        for obj in objs:
            old = self.state(obj)
            previous = {k: getattr(obj, k, None) for k in updates if k != self.field}
            entries.append(Entry(step.audit_action, obj, message=message, region=region,
                                 before={self.field: old, **previous},
                                 after={self.field: target or old, **{k: v for k, v in updates.items() if k != self.field}}))
        with transaction.atomic():
            changed = self.model_class()._default_manager.filter(pk__in=pks).filter(self.state_q(step.sources)).update(**updates)
            if changed != len(pks):
                raise DomainError(str(conflict_message or self.wrong_state_message or _("Some items changed in the meantime; nothing was "
                                                                "done. Try again.")), code=CONFLICT)
            audit_many(entries, actor=actor)
        for obj in objs:
            for key, value in updates.items():
                setattr(obj, key, value)
        _announce(self.name, step.name, pks=pks)
        return changed

    def move_all(self, step: str | Step, queryset, *, updates: dict | None = None, to: str | None = None) -> int:
        """Move the rows of ``queryset`` that are in the step's source states (a set-based step of a
        job or an import: rows in other states are left alone). Returns how many moved."""
        step = self.step(step) if isinstance(step, str) else step
        updates = dict(updates or {})
        target = self._target(step, to)
        if target is not None and self.state_filters is None:
            updates[self.field] = target
        changed = queryset.filter(self.state_q(step.sources)).update(**updates)
        if changed:
            _announce(self.name, step.name, queryset=queryset)
        return changed

    # --- documentation -------------------------------------------------------------------------

    def mermaid(self) -> str:
        """The state-changing steps as a Mermaid state diagram (English labels; the steps that
        leave the state unchanged are in the table of ``markdown``)."""
        from django.utils import translation

        def node(state: str) -> str:
            return state.replace("-", "_")

        lines = ["stateDiagram-v2"]
        with translation.override("en"):
            labels = {str(value): str(label) for value, label in self.states.choices}
        for state in self.state_values:
            lines.append(f"    {node(state)} : {labels[state]}")
        for state in self.initial:
            lines.append(f"    [*] --> {node(state)}")
        for step in self.steps:
            notes = ", ".join(filter(None, [step.who_label, step.when_label]))
            edge = f"{step.name} ({notes})" if notes else step.name
            for source in step.sources:
                for target in step.targets:
                    lines.append(f"    {node(source)} --> {node(target)} : {edge}")
        return "\n".join(lines) + "\n"

    def markdown(self) -> str:
        """The page docs/workflows/<name>.md: the diagram and the table."""
        rows = [f"# {self.name}: state machine", "",
                f"Model `{self.model}`, state {'derived' if self.state_of else f'field `{self.field}`'}. "
                "Generated by `python manage.py workflow_graph` from the declared table: do not edit.", "",
                "```mermaid", self.mermaid().rstrip("\n"), "```", "",
                "Every step (those that leave the state unchanged too):", "",
                "| step | from | to | who | condition | button | service |", "|---|---|---|---|---|---|---|"]
        for step in self.steps:
            rows.append("| {} | {} | {} | {} | {} | {} | `{}` |".format(
                step.name, ", ".join(step.sources), ", ".join(step.targets) or "(unchanged)",
                step.who_label or "anyone in scope", step.when_label or "", "yes" if step.button else "no",
                step.service))
        return "\n".join(rows) + "\n"


_REGISTRY: dict[str, Machine] = {}


def register(machine: Machine) -> Machine:
    if machine.name in _REGISTRY and _REGISTRY[machine.name] is not machine:
        raise ValueError(f"state machine {machine.name} is declared twice")
    _REGISTRY[machine.name] = machine
    return machine


def machines() -> list[Machine]:
    """Every declared machine (each installed app's ``workflows`` module is imported), by name."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("workflows")
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]
