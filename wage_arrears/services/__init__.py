"""Every write of the wage-arrears area, one module per concern. Keyword-only, atomic, guarded, audited.

- ``intake``: the public and staff intake (tracking codes, idempotent retries, registry match);
- ``handling``: the complaint's handling steps and the employer match;
- ``groups``: group cases (suggestion at intake, candidates, merge);
- ``routing``: sector → department, rerouting to another department or county;
- ``deadlines``: the one extension, the daily sweep and the 清零 snapshot;
- ``sessions``: joint reception sessions;
- ``blacklist``: listing and early removal;
- ``posters``: the printable QR posters;
- ``common``: the clock seam (``common.today``), money rounding, the policy in force, the status
  history. The pure rules (codes, names, date arithmetic) are in ``wage_arrears.rules``.

Callers use ``from wage_arrears import services`` and ``services.<name>``.
"""

from __future__ import annotations

import datetime as dt

from ..rules import CODE_ALPHABET, normalize_name, normalize_tracking_code
from . import common
from .blacklist import (
    active_blacklist_entry,
    blacklist_add,
    blacklist_remove_early,
    blacklist_remove_early_for_complaint,
)
from .common import money, policy_on
from .deadlines import RESOLUTION_STATES, complaint_extend, deadlines_sweep
from .groups import GROUP_JOIN_STATES, GROUP_SHARED_FIELDS, group_candidates, group_merge
from .handling import (
    complaint_accept,
    complaint_assign,
    complaint_close,
    complaint_handle,
    complaint_inform,
    complaint_match_employer,
    complaint_not_accept,
    complaint_record_contact,
    complaint_resolve,
    complaint_verify,
)
from .intake import (
    ComplaintInput,
    PublicIntake,
    complaint_submit,
    complaint_submit_public,
    generate_tracking_code,
    match_enterprise,
    retried_complaint,
)
from .posters import POSTER_WEEKDAYS, poster_pdf, session_poster_line
from .routing import complaint_reroute, route_department
from .sessions import complaint_schedule_session, session_record_outcomes, sessions_create_ahead


def today() -> dt.date:
    """The services' today: ``common.today`` (the one seam tests fix), read at each call."""
    return common.today()


__all__ = [
    "CODE_ALPHABET", "GROUP_JOIN_STATES", "GROUP_SHARED_FIELDS", "POSTER_WEEKDAYS", "RESOLUTION_STATES",
    "ComplaintInput", "PublicIntake", "active_blacklist_entry", "blacklist_add", "blacklist_remove_early",
    "blacklist_remove_early_for_complaint", "common", "complaint_accept", "complaint_assign", "complaint_close",
    "complaint_extend", "complaint_handle", "complaint_inform", "complaint_match_employer", "complaint_not_accept",
    "complaint_record_contact", "complaint_reroute", "complaint_resolve", "complaint_schedule_session",
    "complaint_submit", "complaint_submit_public", "complaint_verify", "deadlines_sweep", "generate_tracking_code",
    "group_candidates", "group_merge", "match_enterprise", "money", "normalize_name", "normalize_tracking_code",
    "policy_on", "poster_pdf", "retried_complaint", "route_department", "session_poster_line",
    "session_record_outcomes", "sessions_create_ahead", "today",
]
