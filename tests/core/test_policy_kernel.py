"""The kernel's policy figures: typed, validated, effective-dated, versioned, memoised, audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from xingtai_jobs.core import policy, refcache
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import AuditEvent, PolicyFigure
from xingtai_jobs.core.policy import Figure, Unit

NS = "core.kerneltest"


@pytest.fixture
def declared():
    """A namespace of every kind, declared for the test and forgotten after it."""
    ns = policy.declare(NS, "kernel test", [
        Figure("days", "test days", policy.INT, Unit.WORKING_DAYS, min=1, max=60),
        Figure("rate", "test rate", policy.RATE, Unit.SHARE),
        Figure("amount", "test amount", policy.MONEY, Unit.YUAN, max=100000),
        Figure("start", "test start", policy.TIME, Unit.CLOCK),
        Figure("clause", "test clause", policy.TEXT),
    ])
    yield ns
    policy._NAMESPACES.pop(NS)
    for figure in ns.figures:
        policy._SPECS.pop(figure.key)


def _row(key, value, start, end=None, confirmed=True):
    return PolicyFigure.objects.create(key=f"{NS}.{key}", value=value, valid_from=start, valid_to=end,
                                       source="test clause", confirmed=confirmed)


def test_value_is_typed_and_picked_by_date_inside_and_outside_windows(db, declared):
    _row("days", "5", dt.date(2020, 1, 1), dt.date(2024, 12, 31))
    _row("days", "7", dt.date(2025, 1, 1))
    _row("rate", "0.30", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    _row("start", "14:30", dt.date(2020, 1, 1))
    assert policy.value(f"{NS}.days", on=dt.date(2024, 12, 31)) == 5
    assert policy.value(f"{NS}.days", on=dt.date(2025, 1, 1)) == 7
    assert policy.value(f"{NS}.rate", on=dt.date(2024, 6, 1)) == Decimal("0.30")
    assert policy.value(f"{NS}.start", on=dt.date(2024, 6, 1)) == dt.time(14, 30)
    with pytest.raises(policy.FigureMissing, match="kerneltest.days") as missing:
        policy.value(f"{NS}.days", on=dt.date(2019, 12, 31))  # before every window
    assert missing.value.code == "conflict"
    with pytest.raises(policy.FigureMissing, match="kerneltest.rate"):
        policy.value(f"{NS}.rate", on=dt.date(2025, 1, 1))  # after the only window closed
    with pytest.raises(LookupError):
        policy.value(f"{NS}.undeclared")


def test_a_stored_value_that_no_longer_parses_is_missing_not_a_crash(db, declared):
    _row("days", "500", dt.date(2020, 1, 1))  # out of bounds (e.g. written by SQL)
    with pytest.raises(policy.FigureMissing):
        policy.value(f"{NS}.days", on=dt.date(2024, 1, 1))
    state = policy.figures(f"{NS}.days")[0]
    assert state.errors and "1" in next(iter(state.errors.values()))


def test_values_of_a_namespace_and_figures_listing(db, declared):
    for key, value in (("days", "5"), ("rate", "0.6"), ("amount", "1500.00"), ("start", "09:00"), ("clause", "第二条")):
        _row(key, value, dt.date(2020, 1, 1), confirmed=key != "amount")
    assert policy.values(NS, on=dt.date(2024, 1, 1)) == {
        "days": 5, "rate": Decimal("0.6"), "amount": Decimal("1500.00"), "start": dt.time(9, 0), "clause": "第二条"}
    states = policy.figures(NS)
    assert [s.spec.name for s in states] == ["days", "rate", "amount", "start", "clause"]
    assert [s.provisional for s in states] == [False, False, True, False, False]


def test_reads_come_from_the_memo_and_a_save_drops_it(db, declared, django_assert_num_queries):
    row = _row("days", "5", dt.date(2020, 1, 1))
    policy.value(f"{NS}.days", on=dt.date(2024, 1, 1))
    with django_assert_num_queries(0):
        assert policy.value(f"{NS}.days", on=dt.date(2024, 1, 1)) == 5
        assert policy.value(f"{NS}.days", on=dt.date(2024, 2, 1)) == 5
    row.value = "9"
    row.save()  # through the ORM: the memo of this process is dropped at once
    assert policy.value(f"{NS}.days", on=dt.date(2024, 1, 1)) == 9
    PolicyFigure.objects.filter(pk=row.pk).update(value="11")  # bypasses signals: waits for the TTL
    assert policy.value(f"{NS}.days", on=dt.date(2024, 1, 1)) == 9
    refcache._clock = lambda: 10**12  # the time-to-live has passed
    try:
        assert policy.value(f"{NS}.days", on=dt.date(2024, 1, 1)) == 11
    finally:
        import time

        refcache._clock = time.monotonic


def test_city_staff_change_a_value_audited_with_before_and_after(db, declared, city_officer):
    row = _row("days", "5", dt.date(2020, 1, 1), confirmed=False)
    changed = policy.change_figure(row_id=row.pk, actor=city_officer, value="6", valid_from=dt.date(2020, 1, 1), valid_to=None,
                                   source="邢人社办〔2024〕84号", confirmed=True, expected_version=1)
    assert (changed.value, changed.version, changed.confirmed, changed.changed_by) == ("6", 2, True, city_officer)
    assert changed.changed_at is not None
    event = AuditEvent.objects.get(action="core.policy_figure.changed")
    assert event.actor == city_officer and event.object_id == str(row.pk)
    assert event.before["value"] == "5" and event.before["confirmed"] is False and event.before["version"] == 1
    assert event.after["value"] == "6" and event.after["confirmed"] is True and event.after["source"] == "邢人社办〔2024〕84号"
    assert policy.value(f"{NS}.days", on=dt.date(2024, 1, 1)) == 6


@pytest.mark.parametrize("field,kwargs", [
    ("value", {"value": "abc"}),
    ("value", {"value": "0"}),  # below the declared minimum
    ("value", {"value": "61"}),  # above the maximum
    ("value", {"value": "5.5"}),  # not a whole number
    ("valid_to", {"valid_to": dt.date(2019, 1, 1)}),
    ("source", {"source": "  "}),
])
def test_bad_input_is_refused_and_nothing_changes(db, declared, city_officer, field, kwargs):
    row = _row("days", "5", dt.date(2020, 1, 1))
    args = {"value": "6", "valid_from": dt.date(2020, 1, 1), "valid_to": None, "source": "x", "confirmed": True, **kwargs}
    with pytest.raises(DomainError) as exc:
        policy.change_figure(row_id=row.pk, actor=city_officer, **args)
    assert exc.value.field == field
    row.refresh_from_db()
    assert (row.value, row.version) == ("5", 1)
    assert not AuditEvent.objects.filter(action__startswith="core.policy_figure").exists()


def test_money_and_rate_bounds(declared):
    amount = policy.spec(f"{NS}.amount")
    rate = policy.spec(f"{NS}.rate")
    assert amount.parse("1500.5") == Decimal("1500.5")
    for bad in ("1500.555", "-1", "100000.01", "NaN", True, None):
        with pytest.raises(ValueError):
            amount.parse(bad)
    from django.utils.translation import override

    with override("en"), pytest.raises(ValueError, match="test rate: enter a share between 0 and 1"):
        rate.parse("1.2")
    with override("zh-hans"), pytest.raises(ValueError, match="0到1之间的比例"):
        rate.parse("1.2")


def test_only_city_staff_write_and_a_stale_version_is_a_conflict(db, declared, city_officer, county_officer, enterprise_user):
    row = _row("days", "5", dt.date(2020, 1, 1))
    args = {"value": "6", "valid_from": dt.date(2020, 1, 1), "valid_to": None, "source": "x", "confirmed": True}
    for actor in (county_officer, enterprise_user, None):
        with pytest.raises(DomainError) as exc:
            policy.change_figure(row_id=row.pk, actor=actor, **args)
        assert exc.value.code == "forbidden"
    with pytest.raises(DomainError) as exc:
        policy.change_figure(row_id=row.pk, actor=city_officer, expected_version=0, **args)
    assert exc.value.code == "conflict"
    row.refresh_from_db()
    assert row.value == "5"


def test_a_new_period_closes_the_current_one_and_overlaps_are_refused(db, declared, city_officer):
    old = _row("days", "5", dt.date(2020, 1, 1))
    new = policy.add_period(key=f"{NS}.days", actor=city_officer, value="8", valid_from=dt.date(2026, 1, 1),
                            source="新文件", confirmed=False)
    old.refresh_from_db()
    assert old.valid_to == dt.date(2025, 12, 31) and old.version == 2
    assert policy.value(f"{NS}.days", on=dt.date(2025, 12, 31)) == 5
    assert policy.value(f"{NS}.days", on=dt.date(2026, 1, 1)) == 8
    assert {e.action for e in AuditEvent.objects.filter(object_id__in=[str(old.pk), str(new.pk)])} == {
        "core.policy_figure.closed", "core.policy_figure.added"}
    with pytest.raises(DomainError) as exc:  # moving the old window over the new one
        policy.change_figure(row_id=old.pk, actor=city_officer, value="5", valid_from=dt.date(2020, 1, 1), valid_to=None,
                             source="x", confirmed=True)
    assert exc.value.code == "invalid" and exc.value.field == "valid_from"


def test_a_figure_set_validates_every_parameter_and_names_every_problem(declared):
    figure_set = policy.FigureSet("core.kerneltestset", "set", policy._bind("core.kerneltestset", declared.figures[:2]))
    assert figure_set.validate({"days": "5", "rate": "0.30"}) == {"days": 5, "rate": "0.30"}
    with pytest.raises(ValueError) as exc:
        figure_set.validate({"days": "x", "bogus": 1})
    text = str(exc.value)
    assert "days" in text and "rate" in text and "bogus" in text


def test_the_shipped_defaults_parse_and_name_a_source(db):
    """Every app's default data is declared, valid and sourced, and migrate loaded it."""
    for label in sorted({ns.app_label for ns in policy.namespaces()}):
        for row in policy.default_rows(label):
            assert PolicyFigure.objects.filter(key=row["key"]).exists(), row["key"]
