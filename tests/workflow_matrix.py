"""The check every state machine passes: for each step and each state, the step's button is on the
page exactly when the table allows the step, and the service refuses every other state (``conflict``)
and changes nothing there. Each machine's test gives how to put an object in a state for a step,
how to read its page, how a step's button looks and how to call the step's service."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import AuditEvent
from xingtai_jobs.core.workflow import Machine


def assert_buttons_and_services_follow_the_table(
    machine: Machine,
    *,
    make: Callable[[str, str], object],  # (state, step) -> object in that state, the step's conditions met
    page: Callable[[str, object], str] | None,  # (step, object) -> the HTML of the page with the step's button
    # (None: the machine's steps are taken by jobs, imports or admin actions, not page buttons)
    button: Callable[[str, object], str],  # (step, object) -> text the step's button has on the page
    call: Callable[[str, object], object],  # (step, object) -> runs the step's service with valid input
    state_of: Callable[[object], str],  # object -> its state read again from the database
    steps: list[str] | None = None,
) -> dict:
    """Returns counts, so the caller can assert the matrix was really walked."""
    counts = {"shown": 0, "hidden": 0, "done": 0, "refused": 0}
    for name in steps or [s.name for s in machine.steps]:
        step = machine.step(name)
        for state in machine.state_values:
            allowed = state in step.sources
            obj = make(state, name)
            if page is not None and step.button:
                html = page(name, obj)
                assert (button(name, obj) in html) is allowed, (machine.name, name, state, "button")
                counts["shown" if allowed else "hidden"] += 1
            if allowed:
                call(name, obj)
                expected = state if not step.targets else None
                if expected is not None:
                    assert state_of(obj) == expected, (machine.name, name, state)
                else:
                    assert state_of(obj) in step.targets, (machine.name, name, state)
                counts["done"] += 1
            else:
                audits = AuditEvent.objects.count()
                with pytest.raises(DomainError) as info:
                    call(name, obj)
                assert info.value.code == "conflict", (machine.name, name, state, info.value.code, str(info.value))
                assert state_of(obj) == state and AuditEvent.objects.count() == audits, (machine.name, name, state)
                counts["refused"] += 1
    return counts


def audits_of(obj) -> int:
    """Audit entries about ``obj`` itself (its content type and id)."""
    from django.contrib.contenttypes.models import ContentType

    return AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)).count()


def assert_system_steps_follow_the_table(
    machine: Machine,
    *,
    make: Callable[[str, str], object],  # (state, step) -> object in that state, the step's other conditions met
    call: Callable[[str, object], object],  # (step, object) -> runs the step's job or service on it
    state_of: Callable[[object], str],
    steps: list[str],
) -> dict:
    """The steps without a button (jobs, imports, set-based services: publish a notice, close it,
    fill a batch, reconcile, promote from the waiting list …): for each step and each state, the
    service moves the object exactly when the table allows the step; in every other state it either
    refuses (``DomainError`` ``conflict``, nothing changed) or leaves the object alone (a set-based
    step skips rows in other states) — the object's state unchanged and no audit entry about it.
    Returns counts, so the caller can assert the matrix was really walked."""
    counts = {"done": 0, "refused": 0, "left alone": 0}
    for name in steps:
        step = machine.step(name)
        assert not step.button, (machine.name, name, "has a button: walk it with the page matrix above")
        for state in machine.state_values:
            obj = make(state, name)
            if state in step.sources:
                call(name, obj)
                if step.targets:
                    assert state_of(obj) in step.targets, (machine.name, name, state, state_of(obj))
                else:
                    assert state_of(obj) == state, (machine.name, name, state)
                counts["done"] += 1
                continue
            own = audits_of(obj)
            try:
                call(name, obj)
            except DomainError as exc:
                assert exc.code == "conflict", (machine.name, name, state, exc.code, str(exc))
                counts["refused"] += 1
            else:
                counts["left alone"] += 1
            assert state_of(obj) == state and audits_of(obj) == own, (machine.name, name, state, state_of(obj))
    return counts
