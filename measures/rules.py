"""Pure rules of the register: the expected share by a date, the status of an indicator, and the
value of a figure series at a date (no database).

A source hands over a ``Series``: dated rows, one per (date, county) at most, of one of four kinds:

- ``sum``: amounts that add up (events held, posts raised, yuan paid, approved reports);
- ``distinct``: keys counted once (class categories, counties with a brand, Fridays with a session);
- ``share``: entities that entered the population on a date and met the condition on a date (or
  never): the value is the percentage met among those entered;
- ``cleared``: each county's latest count; the value is the number of counties at zero.

The value at any date (``as_of``) is computed from the rows' own dates, so the API's ``?as_of=``,
the monthly trend and the county table all come from the same rows."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

MET = "met"
ON_TRACK = "on_track"
BEHIND = "behind"
AT_RISK = "at_risk"
NOT_STARTED = "not_started"
MISSED = "missed"
NO_DATA = "no_data"
STATUSES = (MET, ON_TRACK, BEHIND, AT_RISK, NOT_STARTED, MISSED, NO_DATA)

BEHIND_BELOW = Fraction(9, 10)
AT_RISK_BELOW = Fraction(7, 10)

PRO_RATA = "pro_rata"
FIXED_MONTHS = "fixed_months"


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def deadline(year: int, schedule: str, months: list[int] | tuple[int, ...] = ()) -> dt.date:
    """Year end, or the end of the last scheduled month."""
    if schedule == FIXED_MONTHS and months:
        return month_end(year, max(months))
    return dt.date(year, 12, 31)


def expected_share(year: int, as_of: dt.date, schedule: str, months: list[int] | tuple[int, ...] = ()) -> Fraction:
    """The share of the target due by ``as_of`` (exact).

    ``pro_rata``: the day of the year of ``as_of`` over the days in the year (0 before the year, 1
    after it). ``fixed_months``: the share of the scheduled months that have ended by ``as_of``
    (a month counts from its last day)."""
    if as_of < dt.date(year, 1, 1):
        return Fraction(0)
    if as_of > dt.date(year, 12, 31):
        return Fraction(1)
    if schedule == FIXED_MONTHS and months:
        passed = sum(1 for m in months if as_of >= month_end(year, m))
        return Fraction(passed, len(months))
    days = 366 if calendar.isleap(year) else 365
    return Fraction(as_of.timetuple().tm_yday, days)


def share_text(share: Fraction) -> str:
    """The expected share as the API shows it: three decimals, half up ("0.749")."""
    return str((Decimal(share.numerator) / Decimal(share.denominator)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


def status(*, value, target, expected: Fraction, as_of: dt.date, due: dt.date) -> str:
    """``no_data`` when the source holds nothing; ``met`` at or above the target; ``missed`` after the
    deadline; ``not_started`` at zero while nothing was due; else ``at_risk`` below 70 % of the
    expected share, ``behind`` below 90 %, ``on_track``."""
    if value is None or target is None or target <= 0:
        return NO_DATA
    value = Fraction(Decimal(value))
    target = Fraction(Decimal(target))
    if value >= target:
        return MET
    if as_of > due:
        return MISSED
    if value == 0 and expected == 0:
        return NOT_STARTED
    ratio = value / target
    if ratio < AT_RISK_BELOW * expected:
        return AT_RISK
    if ratio < BEHIND_BELOW * expected:
        return BEHIND
    return ON_TRACK


# --- series --------------------------------------------------------------------------------------

SUM = "sum"
DISTINCT = "distinct"
SHARE = "share"
CLEARED = "cleared"


@dataclass
class Series:
    """Rows of one indicator for one year.

    - sum: (date, region_id, amount)
    - distinct: (date, region_id, key)
    - share: (entered_on, met_on | None, region_id, count)
    - cleared: (date, region_id, count)

    ``available`` is false when the portal holds no source for the figure at all (then the value
    is "no data" whatever the rows); ``empty_is_no_data`` makes a year without rows "no data" too
    (registries and reports: nothing entered yet is not the same as zero done)."""

    kind: str
    rows: list = field(default_factory=list)
    available: bool = True
    empty_is_no_data: bool = False
    regions: tuple = ()  # the county ids of a ``cleared`` series (counties without a count are not cleared)


def _percent(num: int, den: int) -> Decimal | None:
    if den == 0:
        return None
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def value_at(series: Series, as_of: dt.date, region_id: int | None = None) -> Decimal | None:
    """The figure at the end of ``as_of`` (for one county when ``region_id`` is given)."""
    if not series.available:
        return None

    def mine(r) -> bool:
        return region_id is None or r == region_id

    if series.kind == SUM:
        rows = [(d, amount) for d, r, amount in series.rows if d <= as_of and mine(r)]
        if not rows and series.empty_is_no_data:
            return None
        return sum((Decimal(a) for _d, a in rows), Decimal(0))
    if series.kind == DISTINCT:
        keys = {key for d, r, key in series.rows if d <= as_of and mine(r)}
        if not keys and series.empty_is_no_data:
            return None
        return Decimal(len(keys))
    if series.kind == SHARE:
        entered = met = 0
        for entered_on, met_on, r, n in series.rows:
            if entered_on <= as_of and mine(r):
                entered += n
                if met_on is not None and met_on <= as_of:
                    met += n
        return _percent(met, entered)
    if series.kind == CLEARED:
        latest: dict[int, tuple[dt.date, int]] = {}
        for d, r, n in series.rows:
            if d <= as_of and mine(r) and (r not in latest or d > latest[r][0]):
                latest[r] = (d, n)
        if not latest:
            return None
        return Decimal(sum(1 for _d, n in latest.values() if n == 0))
    raise ValueError(series.kind)


def last_date(series: Series, as_of: dt.date) -> dt.date | None:
    """The latest date of the data that stands on ``as_of`` (the figure's "as of")."""
    dates = []
    for row in series.rows:
        for d in (row[0], row[1] if series.kind == SHARE else None):
            if isinstance(d, dt.date) and d <= as_of:
                dates.append(d)
    return max(dates) if dates else None


def month_ends(year: int, as_of: dt.date) -> list[dt.date]:
    """The ends of the months of ``year`` up to ``as_of`` (the last one is ``as_of`` itself)."""
    points = []
    for m in range(1, 13):
        end = month_end(year, m)
        if dt.date(year, m, 1) > as_of:
            break
        points.append(min(end, as_of))
    return points
