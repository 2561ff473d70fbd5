"""Routing: the department a sector's complaints go to, and staff's change of department or county."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import Department, Region
from xingtai_jobs.core.refcache import reference_memo
from xingtai_jobs.core.scoping import ensure_actor_may_see

from ..models import Complaint, SectorRoute
from ..workflows import COMPLAINT
from .common import locked_case, required_text


@reference_memo("wage_arrears.SectorRoute", "core.Department")
def _routes() -> tuple[dict[str, Department], Department | None]:
    routes = {r.sector: r.department for r in SectorRoute.objects.select_related("department")}
    return routes, Department.objects.filter(code="hrss").first()


def route_department(sector: str) -> Department:
    """The department a sector's complaints go to (人社 when no route is set)."""
    routes, fallback = _routes()
    department = routes.get(sector, fallback)
    if department is None:
        raise DomainError(_("No department is configured for this sector."), field="sector")
    return department


@transaction.atomic
def complaint_reroute(*, complaint_id: int, actor, department: Department, reason: str, region: Region | None = None,
                      request=None) -> Complaint:
    """Change the handling department (routing from the sector is only a default) and, for city
    staff, the responsible region (a complaint filed under the wrong county). A reason is required."""
    reason = required_text(reason, "reason", _("Give the reason for changing the department."))
    complaint = locked_case(actor, complaint_id)
    ensure_actor_may_see(actor, department, region)
    COMPLAINT.check("reroute", actor, complaint, label=complaint.tracking_code)
    moves_region = region is not None and region.pk != complaint.region_id
    if moves_region and not actor.is_city_staff:
        raise DomainError(_("Only city staff may move a case to another county."), field="region", code="forbidden")
    if moves_region and complaint.group_id:
        raise DomainError(_("A member of a group case cannot move alone."), field="region", code="conflict")
    if department.pk == complaint.department_id and not moves_region:
        raise DomainError(_("The case is already with this department."), field="department", code="conflict")
    before = {"department": complaint.department.code, "region": complaint.region.code}
    updates: dict[str, Any] = {"department": department}
    if moves_region:  # the new county's staff take over: assignee and session belong to the old one
        updates.update(region=region, assignee=None, session=None)
    after = {"department": department.code, "region": (region if region is not None and moves_region else complaint.region).code}
    COMPLAINT.move("reroute", complaint, actor=actor, request=request, updates=updates, message=reason,
                   record={"before": before, "after": after})
    complaint.refresh_from_db()
    return complaint
