"""Reads for wage-arrears cases, with visibility.

Contract used by other apps (keep these signatures):
- ``enterprise_ids_with_substantiated_case(year)``: enterprises with a substantiated wage-arrears
  case in ``year`` (measure-1 ranking excludes them);
- ``blacklisted_enterprise_ids(on_date)``: enterprises on the wage-arrears blacklist
  (拖欠农民工工资失信联合惩戒名单) on ``on_date`` (subsidy rules treat them like the 失信 flag).
"""

from __future__ import annotations

import datetime as dt
import hmac

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncWeek

from xingtai_jobs.core.inputs import ascii_digits, is_digits
from xingtai_jobs.core.scoping import reference_model, regions_for, scope_queryset, selector_for

from .models import (
    OPEN_STATUSES,
    BlacklistEntry,
    Channel,
    ClearanceSnapshot,
    Complaint,
    DeadlineFlag,
    DepartmentContact,
    ReceptionSession,
    Site,
)


def enterprise_ids_with_substantiated_case(year: int) -> set[int]:
    return set(
        Complaint.objects.filter(substantiated=True, substantiated_on__year=year, enterprise__isnull=False)
        .values_list("enterprise_id", flat=True)
        .distinct()
    )


def blacklisted_enterprise_ids(on_date: dt.date) -> set[int]:
    return set(
        BlacklistEntry.objects.filter(listed_on__lte=on_date, listed_until__gte=on_date)
        .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=on_date))
        .values_list("enterprise_id", flat=True)
    )


@selector_for(Complaint)
def complaints_visible_to(user) -> QuerySet[Complaint]:
    """City staff: all; county staff: their region; liaisons: the cases assigned (交办) to their
    department in their region. Enterprise users never see complaints (the complainant's identity
    is confidential towards the employer)."""
    qs = scope_queryset(
        Complaint.objects.all(), user, region_path="region_id", department_path="department_id", allow_liaison=True,
    )
    if getattr(user, "is_department_liaison", False):
        qs = qs.filter(assigned_on__isnull=False)
    return qs


def regions_for_user(user):
    return regions_for(user)


def complaint_queue(user, *, flag: str = "", status: str = "", mine: bool = False) -> QuerySet[Complaint]:
    qs = complaints_visible_to(user).select_related("region", "department", "assignee", "group")
    if flag:
        qs = qs.filter(deadline_flag=flag)
    qs = qs.filter(status=status) if status else qs.filter(status__in=OPEN_STATUSES)
    if mine:
        qs = qs.filter(assignee=user)
    return qs.order_by("-escalated_on", "deadline_flag", "received_on", "id")


def complaint_for_staff(user, pk: int) -> Complaint | None:
    return (
        complaints_visible_to(user)
        .select_related("region", "department", "assignee", "group", "site", "enterprise", "session")
        .filter(pk=pk)
        .first()
    )


def may_see_identity(user, complaint: Complaint) -> bool:
    """The full identity is shown on the case page only to staff assigned to the case: the assignee,
    the county staff of the case's region (the handling office) and, once the case is assigned to
    their department, its liaison of that region. City staff supervise with the masked identity
    unless they handle the case themselves."""
    if complaint.assignee_id == user.pk:
        return True
    if user.is_county_staff:
        return user.region_id == complaint.region_id
    if user.is_department_liaison:
        return (user.region_id == complaint.region_id and user.department_id == complaint.department_id
                and complaint.assigned_on is not None)
    return False


def complaint_track(code: str, phone_last4: str) -> Complaint | None:
    """The complaint for a tracking code and the phone's last 4 digits, or None when either is wrong
    (the caller answers the same way in both cases)."""
    from .rules import normalize_tracking_code

    code = normalize_tracking_code(code)
    digits = ascii_digits((phone_last4 or "").strip())
    if not code or len(digits) != 4 or not is_digits(digits):
        return None
    complaint = Complaint.objects.select_related("department", "region", "group").filter(tracking_code=code).first()
    expected = complaint.complainant_phone[-4:] if complaint else "0000"
    if not hmac.compare_digest(expected.encode(), digits.encode()) or complaint is None:
        return None
    return complaint


def tracking_view(complaint: Complaint) -> dict:
    """What the complainant sees: status, steps with dates, handling department's contact; for a
    group case, the group's progress. No staff names, no other complainant's data."""
    steps = list(complaint.steps.all())
    group = None
    if complaint.group_id:
        members = Complaint.objects.filter(group_id=complaint.group_id)
        agg = members.aggregate(workers=Sum("workers_affected"), owed=Sum("amount_owed"), n=Count("id"))
        group = {"complaints": agg["n"], "workers": agg["workers"], "amount_owed": agg["owed"]}
    return {
        "tracking_code": complaint.tracking_code,
        "status": complaint.status,
        "status_display": str(complaint.get_status_display()),
        "received_on": complaint.received_on,
        "region": complaint.region.name,
        "department": complaint.department.name,
        **_department_contact(complaint),
        "steps": [{"status": s.status, "status_display": str(s.get_status_display()), "date": s.on, "note": s.note}
                  for s in steps],
        "group": group,
    }


def _department_contact(complaint: Complaint) -> dict:
    """The contact of the department actually handling the case: its contact in the case's county;
    else the department's own phone; else the county's wage-arrears hotline, said to be the hotline
    (``via_hotline``) — and the county's address (the HR bureau's inspection team) only when the
    handling department is the HR bureau itself, never for a housing or transport case."""
    contact = DepartmentContact.objects.filter(region_id=complaint.region_id,
                                               department_id=complaint.department_id).first()
    if contact is not None:
        return {"department_phone": contact.phone, "department_address": contact.address, "via_hotline": False}
    if complaint.department.phone:
        return {"department_phone": complaint.department.phone, "department_address": "", "via_hotline": False}
    if complaint.department.code == "hrss":
        return {"department_phone": complaint.region.hotline, "department_address": complaint.region.address,
                "via_hotline": False}
    return {"department_phone": complaint.region.hotline, "department_address": "", "via_hotline": True}


def group_summary(group_id: int) -> dict:
    return Complaint.objects.filter(group_id=group_id).aggregate(
        workers=Sum("workers_affected"), owed=Sum("amount_owed"), complaints=Count("id"))


@selector_for(Site)
def sites_visible_to(user) -> QuerySet[Site]:
    return scope_queryset(Site.objects.select_related("region"), user, region_path="region_id")


@selector_for(ReceptionSession)
def sessions_visible_to(user) -> QuerySet[ReceptionSession]:
    """City staff: every session; county staff: their region's; a department liaison: their region's
    sessions at which their department is present."""
    return scope_queryset(ReceptionSession.objects.select_related("region"), user, region_path="region_id",
                          department_path="departments", allow_liaison=True)


def open_overdue_counts() -> dict:
    """Aggregates of a region's open cases and the overdue ones among them (board and daily snapshot)."""
    return {"open": Count("id", filter=Q(status__in=OPEN_STATUSES)),
            "overdue": Count("id", filter=Q(status__in=OPEN_STATUSES, deadline_flag=DeadlineFlag.OVERDUE))}


def clearance_board(user, *, weeks: int = 8, on: dt.date | None = None) -> list[dict]:
    """The 清零 board: every region the user works in (with or without cases), its open and overdue
    cases now, and for each of the last ``weeks`` weeks (Monday first): complaints received,
    cases still outstanding at the week's end (received and neither resolved nor closed by then),
    the cases overdue at the week's last daily sweep, the amount recovered and the workers paid (by
    payment date). Six queries whatever the size."""
    from .services import today

    on = on or today()
    monday = on - dt.timedelta(days=on.weekday())
    starts = [monday - dt.timedelta(weeks=w) for w in range(weeks - 1, -1, -1)]
    ends = [min(start + dt.timedelta(days=6), on) for start in starts]
    rows = _board_rows(user, starts)
    qs = complaints_visible_to(user)
    _board_open_and_outstanding(rows, qs, ends)
    index = {start: i for i, start in enumerate(starts)}
    _board_overdue_from_snapshots(rows, user, index, since=starts[0], on=on)
    _board_weekly_flows(rows, qs, index, since=starts[0], on=on)
    return list(rows.values())


def _board_rows(user, starts: list[dt.date]) -> dict[str, dict]:
    """One empty row per region the user works in (code order), with one cell per week."""
    return {
        r["code"]: {"code": r["code"], "name": r["name"], "open": 0, "overdue": 0,
                    "weeks": [{"week": start, "received": 0, "outstanding": 0, "overdue": None, "recovered": None,
                               "paid": None}
                              for start in starts]}
        for r in regions_for(user).order_by("code").values("code", "name")
    }


def _board_open_and_outstanding(rows: dict, qs, ends: list[dt.date]) -> None:
    """Open and overdue cases now, and the cases outstanding at each week's end (one query)."""
    outstanding = {
        f"out_{i}": Count("id", filter=Q(received_on__lte=end) & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=end))
                          & (Q(closed_on__isnull=True) | Q(closed_on__gt=end)))
        for i, end in enumerate(ends)
    }
    for row in qs.values("region__code").annotate(**open_overdue_counts(), **outstanding):
        if row["region__code"] in rows:
            target = rows[row["region__code"]]
            target["open"], target["overdue"] = row["open"], row["overdue"]
            for i, cell in enumerate(target["weeks"]):
                cell["outstanding"] = row[f"out_{i}"]


def _board_overdue_from_snapshots(rows: dict, user, index: dict, *, since: dt.date, on: dt.date) -> None:
    """Overdue at each week's end: the last daily snapshot of the week (none before the sweep ran)."""
    for snap in (ClearanceSnapshot.objects.filter(region__in=regions_for(user), on__gte=since, on__lte=on)
                 .values("region__code", "on", "overdue").order_by("on")):
        i = index.get(snap["on"] - dt.timedelta(days=snap["on"].weekday()))
        if snap["region__code"] in rows and i is not None:
            rows[snap["region__code"]]["weeks"][i]["overdue"] = snap["overdue"]


def _board_weekly_flows(rows: dict, qs, index: dict, *, since: dt.date, on: dt.date) -> None:
    """Complaints received, and amounts recovered and workers paid (by payment date), per week."""
    def week_of(value) -> int | None:
        value = value.date() if isinstance(value, dt.datetime) else value
        return index.get(value)

    for w in (qs.filter(received_on__gte=since, received_on__lte=on).annotate(week=TruncWeek("received_on"))
              .values("region__code", "week").annotate(n=Count("id")).order_by()):
        i = week_of(w["week"])
        if w["region__code"] in rows and i is not None:
            rows[w["region__code"]]["weeks"][i]["received"] = w["n"]
    for w in (qs.filter(resolved_on__gte=since, resolved_on__lte=on).annotate(week=TruncWeek("resolved_on"))
              .values("region__code", "week").annotate(recovered=Sum("amount_recovered"), paid=Sum("workers_paid"))
              .order_by()):
        i = week_of(w["week"])
        if w["region__code"] in rows and i is not None:
            rows[w["region__code"]]["weeks"][i].update(recovered=w["recovered"], paid=w["paid"])


def session_board(user, *, on: dt.date, past_weeks: int = 8) -> tuple[list[ReceptionSession], list[ReceptionSession]]:
    """The joint reception sessions of the user's regions: upcoming ones (from ``on``, soonest first)
    and the recent past ones (the last ``past_weeks`` weeks, latest first). Each carries ``scheduled``
    (cases put on its agenda) and ``walk_ins`` (complaints received at it) counts and its departments
    (prefetched): one query for the sessions and their counts, one for the departments."""
    since = on - dt.timedelta(weeks=past_weeks)
    rows: list[ReceptionSession] = list(
        sessions_visible_to(user)
        .filter(date__gte=since)
        .annotate(
            scheduled=Count("complaints", filter=~Q(complaints__channel=Channel.SESSION)),
            walk_ins=Count("complaints", filter=Q(complaints__channel=Channel.SESSION)),
        )
        .prefetch_related("departments")
        .order_by("date", "region__code")
    )
    upcoming = [s for s in rows if s.date >= on]
    # stable sort: latest date first, regions still in code order within a day
    past = sorted((s for s in rows if s.date < on), key=lambda s: s.date, reverse=True)
    return upcoming, past


def session_for_staff(user, pk: int) -> ReceptionSession | None:
    return sessions_visible_to(user).prefetch_related("departments").filter(pk=pk).first()


def session_cases(user, session: ReceptionSession) -> tuple[list[Complaint], list[Complaint]]:
    """The cases scheduled for ``session`` and the walk-ins received at it, as far as ``user`` may see
    them (the caller masks the complainant)."""
    rows = list(
        complaints_visible_to(user).filter(session=session).order_by("received_on", "id")
    )
    scheduled = [c for c in rows if c.channel != Channel.SESSION]
    walk_ins = [c for c in rows if c.channel == Channel.SESSION]
    return scheduled, walk_ins


# --- visibility of the remaining models (admin lists, choices, scope checks) -------------------------

reference_model("wage_arrears.SectorRoute", "wage_arrears.HandlingPolicy")


@selector_for("wage_arrears.BlacklistEntry")
def blacklist_entries_visible_to(user) -> QuerySet[BlacklistEntry]:
    return scope_queryset(BlacklistEntry.objects.all(), user, region_path="enterprise__region")


@selector_for("wage_arrears.DepartmentContact")
def department_contacts_visible_to(user) -> QuerySet[DepartmentContact]:
    return scope_queryset(DepartmentContact.objects.all(), user, region_path="region")


@selector_for("wage_arrears.ClearanceSnapshot")
def clearance_snapshots_visible_to(user) -> QuerySet[ClearanceSnapshot]:
    return scope_queryset(ClearanceSnapshot.objects.all(), user, region_path="region")


@selector_for("wage_arrears.ComplaintGroup")
def complaint_groups_visible_to(user):
    from .models import ComplaintGroup

    return scope_queryset(ComplaintGroup.objects.all(), user, region_path="region")


@selector_for("wage_arrears.Evidence")
def evidence_visible_to(user):
    from .models import Evidence

    return Evidence.objects.filter(complaint__in=complaints_visible_to(user).values("pk"))


@selector_for("wage_arrears.StatusStep")
def status_steps_visible_to(user):
    from .models import StatusStep

    return StatusStep.objects.filter(complaint__in=complaints_visible_to(user).values("pk"))
