"""The kernel's state-machine helper: a declared table, its guard and its diagrams."""

from __future__ import annotations

import io
from importlib import import_module

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models

from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.workflow import Machine, Step, city_staff, machines


class Light(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"
    OFF = "off", "Off"


def _machine(**overrides) -> Machine:
    return Machine("test.light", model="core.Region", title="light", states=Light, initial=(Light.RED,), steps=[
        Step("go", "Go", [Light.RED], Light.GREEN, who=city_staff, who_label="city staff", audit_action="light.go"),
        Step("stop", "Stop", [Light.GREEN], Light.RED, when=lambda u, o: o.ok, when_label="ok",
             when_message="not ok", audit_action="light.stop"),
        Step("note", "Note", [Light.RED, Light.GREEN], None, button=False, audit_action="light.note"),
    ], field="colour", **overrides)


class Obj:
    def __init__(self, colour, ok=True):
        self.colour, self.ok, self.pk = colour, ok, 1


def test_a_table_with_an_unknown_state_or_a_step_twice_is_refused_at_import():
    with pytest.raises(ValueError, match="unknown states"):
        Machine("x", model="core.Region", title="x", states=Light, steps=[Step("a", "A", ["blue"], Light.RED, audit_action="x.a")])
    with pytest.raises(ValueError, match="declared twice"):
        Machine("x", model="core.Region", title="x", states=Light,
                steps=[Step("a", "A", [Light.RED], Light.OFF, audit_action="x.a"), Step("a", "A", [Light.OFF], Light.RED, audit_action="x.a")])
    with pytest.raises(ValueError, match="no source"):
        Machine("x", model="core.Region", title="x", states=Light, steps=[Step("a", "A", [], Light.RED, audit_action="x.a")])
    with pytest.raises(ValueError, match="no audit action"):
        Machine("x", model="core.Region", title="x", states=Light, steps=[Step("a", "A", [Light.RED], Light.OFF)])


def test_may_and_available_read_the_table(city_officer, county_officer):
    m = _machine()
    assert [s.name for s in m.available(city_officer, Obj(Light.RED))] == ["go"]  # note: no button
    assert m.available(county_officer, Obj(Light.RED)) == []  # who
    assert [s.name for s in m.available(county_officer, Obj(Light.GREEN))] == ["stop"]
    assert m.available(county_officer, Obj(Light.GREEN, ok=False)) == []  # when
    assert m.available(city_officer, Obj(Light.OFF)) == []
    assert m.may("note", county_officer, Obj(Light.RED))


def test_check_refuses_who_before_state_and_state_before_condition(city_officer, county_officer):
    m = _machine()
    with pytest.raises(DomainError) as info:
        m.check("go", county_officer, Obj(Light.OFF))
    assert info.value.code == "forbidden"
    with pytest.raises(DomainError) as info:
        m.check("go", city_officer, Obj(Light.OFF))
    assert info.value.code == "conflict"
    with pytest.raises(DomainError) as info:
        m.check("stop", city_officer, Obj(Light.GREEN, ok=False))
    assert info.value.code == "conflict" and str(info.value.message) == "not ok"
    assert m.check("stop", city_officer, Obj(Light.GREEN)).name == "stop"
    with pytest.raises(KeyError):
        m.step("fly")


def test_the_diagram_draws_the_state_changing_steps():
    text = _machine().mermaid()
    assert text.startswith("stateDiagram-v2\n")
    assert "    [*] --> red\n" in text
    assert "    red --> green : go (city staff)\n" in text and "    green --> red : stop (ok)\n" in text
    assert "note" not in text  # no state change: only in the table of the page
    page = _machine().markdown()
    assert "| note | red, green | (unchanged) | anyone in scope |  | no |" in page


def test_every_declared_step_names_a_service_that_exists():
    found = machines()
    assert "wage_arrears.complaint" in {m.name for m in found}
    for machine in found:
        machine.model_class()
        for step in machine.steps:
            module, _dot, name = step.service.rpartition(".")
            assert callable(getattr(import_module(module), name)), (machine.name, step.name)
            assert step.audit_action or not step.targets, (machine.name, step.name)  # a state change is audited


def test_the_committed_diagrams_are_current_and_a_stale_one_is_caught(tmp_path, settings):
    call_command("workflow_graph", "--check", stdout=io.StringIO())  # docs/workflows/ in the repository
    call_command("workflow_graph", "--directory", str(tmp_path), stdout=io.StringIO())
    call_command("workflow_graph", "--check", "--directory", str(tmp_path), stdout=io.StringIO())
    page = tmp_path / "wage_arrears.complaint.md"
    page.write_text(page.read_text(encoding="utf-8").replace("accept", "approve"), encoding="utf-8")
    with pytest.raises(CommandError, match="wage_arrears.complaint.md"):
        call_command("workflow_graph", "--check", "--directory", str(tmp_path), stdout=io.StringIO())
    (tmp_path / "gone.md").write_text("old", encoding="utf-8")
    call_command("workflow_graph", "--directory", str(tmp_path), stdout=io.StringIO())
    assert not (tmp_path / "gone.md").exists()
    call_command("workflow_graph", "--check", "--directory", str(tmp_path), stdout=io.StringIO())
