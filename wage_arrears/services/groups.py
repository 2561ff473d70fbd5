"""Group cases: complaints of several workers against one employer and project, handled as one."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.errors import DomainError

from .. import rules, workflows
from ..models import OPEN_STATUSES, Complaint, ComplaintGroup, Status
from ..policy import HandlingPolicy
from ..workflows import COMPLAINT
from . import common
from .common import policy_on, record_step, visible


def _group_match(complaint: Complaint, policy: HandlingPolicy):
    """Open complaints (``complaint`` included) against the same employer (USCC or normalised name)
    about the same project, received within the policy's window."""
    since = rules.group_window_start(complaint.received_on, policy.group_window_days)
    employer = Q(employer_name_normalized=complaint.employer_name_normalized)
    if complaint.employer_uscc:
        employer |= Q(employer_uscc=complaint.employer_uscc)
    return Complaint.objects.filter(employer, project_normalized=complaint.project_normalized,
                                    received_on__gte=since, status__in=OPEN_STATUSES)


def group_candidates(complaint: Complaint, *, policy: HandlingPolicy | None = None) -> list[Complaint]:
    """The other complaints that could join ``complaint`` in a group case (oldest first, at most 50)."""
    qs = _group_match(complaint, policy or policy_on(complaint.received_on)).exclude(pk=complaint.pk)
    return list(qs.order_by("received_on", "id").only("id", "tracking_code", "received_on", "status", "amount_owed",
                                                      "group_id")[:50])


def suggest_group(complaint: Complaint, policy: HandlingPolicy) -> bool:
    """At intake: when look-alikes exist, flag the new complaint and the look-alikes not yet flagged
    or grouped, in one UPDATE. Rows already flagged are left alone, so workers of one site filing at
    the same moment do not queue on each other's row locks. True when the new complaint was flagged.

    The same conditions as ``_group_match``, written as SQL: this statement runs on every public
    submission and the ORM's compilation of it cost more than the statement itself."""
    since = rules.group_window_start(complaint.received_on, policy.group_window_days)
    params: list[Any] = [complaint.employer_name_normalized]
    employer = "employer_name_normalized = %s"
    if complaint.employer_uscc:
        employer, params = f"({employer} OR employer_uscc = %s)", [*params, complaint.employer_uscc]
    statuses = ", ".join(["%s"] * len(OPEN_STATUSES))
    match = f"{employer} AND project_normalized = %s AND received_on >= %s AND status IN ({statuses})"
    match_params = [*params, complaint.project_normalized, since, *OPEN_STATUSES]
    table = connection.ops.quote_name(Complaint._meta.db_table)
    # only the quoted table name and fixed fragments are formatted in; every value is a parameter
    sql = (f"UPDATE {table} SET group_suggested = TRUE WHERE {match} AND NOT group_suggested"  # noqa: S608
           f" AND group_id IS NULL AND EXISTS (SELECT 1 FROM {table} WHERE {match} AND id <> %s)")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*match_params, *match_params, complaint.pk])
        return cursor.rowcount > 0


GROUP_JOIN_STATES = workflows.GROUP_JOIN_STATES
GROUP_SHARED_FIELDS = ("status", "accepted_on", "resolve_due", "assigned_on", "first_contact_due", "contacted_on",
                       "department_id", "assignee_id", "deadline_flag", "escalated_on", "extended")


@transaction.atomic
def group_merge(*, complaint_ids: list[int], actor, request=None) -> ComplaintGroup:
    """Merge complaints against the same employer and project into one group case."""
    complaints = _lock_mergeable(complaint_ids, actor)
    group = _existing_group(complaints)
    first = complaints[0]
    lead = next((c for c in complaints if group is not None and c.group_id == group.pk), first)
    joining = _joiners(complaints, group, lead)
    if group is None:
        group = ComplaintGroup.objects.create(employer_name=first.employer_name, project_name=first.project_name,
                                              region_id=first.region_id, created_by=actor)
    Complaint.objects.filter(pk__in=[c.pk for c in complaints]).update(group=group, group_suggested=False)
    on = common.today()
    for c in complaints:
        if c in joining:
            _join(c, lead, actor=actor, on=on, request=request)
        else:
            record_step(c, c.status, on, _("Merged into a group case with other workers' complaints."))
    audit("wage_arrears.group.merged", group, actor=actor, request=request, region=first.region,
          after={"complaints": [c.tracking_code for c in complaints]})
    return group


def _lock_mergeable(complaint_ids: list[int], actor) -> list[Complaint]:
    """Lock the complaints (id order) and check that they may form one group case: bureau staff who
    see every one of them; one employer, project and region; all open."""
    if len(set(complaint_ids)) < 2:
        raise DomainError(_("Choose at least two complaints to merge."))
    if not actor.is_bureau_staff:
        raise DomainError(_("Only bureau staff may do this."), code="forbidden")
    complaints = list(Complaint.objects.select_for_update().filter(pk__in=complaint_ids).order_by("id"))
    if len(complaints) != len(set(complaint_ids)) or not all(visible(actor, c) for c in complaints):
        raise DomainError(_("Case not found or not yours to handle."), code="not_found")
    first = complaints[0]
    for c in complaints:
        if not rules.same_employer_and_project(c, first):
            raise DomainError(_("Only complaints against the same employer and project can be merged."))
        if c.region_id != first.region_id:
            raise DomainError(_("Only complaints of the same region can be merged."))
        if not c.is_open:
            raise DomainError(_("Only open complaints at the same step can be merged."), code="conflict")
    return complaints


def _existing_group(complaints: list[Complaint]) -> ComplaintGroup | None:
    """The one group case some of the complaints already belong to (two different ones: refused)."""
    groups = {c.group_id for c in complaints if c.group_id}
    if len(groups) > 1:
        raise DomainError(_("These complaints already belong to different group cases."), code="conflict")
    return ComplaintGroup.objects.get(pk=groups.pop()) if groups else None


def _joiners(complaints: list[Complaint], group: ComplaintGroup | None, lead: Complaint) -> list[Complaint]:
    """A newcomer (submitted) joins a group that is accepted but not yet verified by catching up with
    it; every other complaint must already be at the group's step."""
    joining = [c for c in complaints if group is not None and c.group_id is None and c.status == Status.SUBMITTED
               and lead.status in GROUP_JOIN_STATES]
    if any(c.status != lead.status for c in complaints if c not in joining):
        raise DomainError(_("Only open complaints at the same step can be merged (a new complaint can join a "
                            "group case until its verification)."), code="conflict")
    return joining


def _join(complaint: Complaint, lead: Complaint, *, actor, on, request) -> None:
    """The join step of the complaint machine: the newcomer takes the group's step, department,
    assignee and deadlines through the guarded UPDATE, with its status step and audit entry."""
    COMPLAINT.check("join_group", actor, complaint, label=complaint.tracking_code)
    shared = {name: getattr(lead, name) for name in GROUP_SHARED_FIELDS if name != "status"}
    COMPLAINT.move("join_group", complaint, to=lead.status, updates=shared, actor=actor, request=request,
                   after={"group": lead.group_id, "lead": lead.tracking_code})
    record_step(complaint, lead.status, on, _("Joined the group case and is handled together with it."))
