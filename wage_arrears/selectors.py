"""Reads for wage-arrears cases, with visibility.

Contract used by other apps (keep these signatures):
- ``enterprise_ids_with_substantiated_case(year)``: enterprises with a substantiated wage-arrears
  case in ``year`` (measure-1 ranking excludes them);
- ``blacklisted_enterprise_ids(on_date)``: enterprises on the wage-arrears blacklist
  (拖欠农民工工资失信联合惩戒名单) on ``on_date`` (subsidy rules treat them like the 失信 flag).
"""

from __future__ import annotations

import datetime as dt


def enterprise_ids_with_substantiated_case(year: int) -> set[int]:
    return set()


def blacklisted_enterprise_ids(on_date: dt.date) -> set[int]:
    return set()
