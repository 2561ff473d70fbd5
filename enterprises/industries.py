"""Names of GB/T 4754-2017 industry codes (reference data: ``data/gbt4754_2017_divisions.csv``).

``industry_name("C30")`` → "非金属矿物制品业"; a section letter gives the section's name; an
unknown or empty code gives "". Names are the standard's Chinese names in every UI language."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "gbt4754_2017_divisions.csv"


@cache
def _names() -> dict[str, tuple[str, str]]:
    """code → (section letter, name) for the 20 sections and 97 divisions."""
    with DATA.open(encoding="utf-8") as fh:
        return {row["code"]: (row["section"], row["name"]) for row in csv.DictReader(fh)}


def industry_name(code: str | None) -> str:
    value = (code or "").strip().upper()
    if not value:
        return ""
    names = _names()
    if value[0].isalpha() and len(value) >= 3:
        entry = names.get(value[1:3])
        return entry[1] if entry and entry[0] == value[0] else ""
    entry = names.get(value)
    return entry[1] if entry else ""


def industry_label(code: str | None) -> str:
    """"C30 非金属矿物制品业" (the code and its name), the code alone when it is unknown."""
    value = (code or "").strip().upper()
    name = industry_name(value)
    return f"{value} {name}" if name else value
