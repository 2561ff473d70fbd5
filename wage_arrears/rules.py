"""The pure rules of the wage-arrears area: how a case is identified (tracking codes, employer and
project names as compared for group cases) and how its dates are counted. No database, no clock."""

from __future__ import annotations

import calendar
import datetime as dt
import re

# Tracking codes: no 0/O, 1/I/L, so they can be read aloud and typed without confusion.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def normalize_tracking_code(value: str) -> str:
    raw = re.sub(r"[\s\-]", "", (value or "").upper())
    if raw.startswith("QX"):
        raw = raw[2:]
    if len(raw) != 8 or any(ch not in CODE_ALPHABET for ch in raw):
        return ""
    return f"QX-{raw[:4]}-{raw[4:]}"


_NAME_NOISE = re.compile(r"[\s()（）\[\]【】·.,，、\-—_\"'“”]+")


def normalize_name(value: str) -> str:
    """Employer and project names as compared for group cases: no spaces, brackets or punctuation."""
    return _NAME_NOISE.sub("", (value or "").strip()).lower()


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
