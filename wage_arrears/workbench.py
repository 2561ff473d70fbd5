"""Wage-arrears work on the staff workbench: complaints to accept, and the open cases due soon or
overdue at each step (one grouped query over the staff member's visible cases)."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core import workbench

from .models import OPEN_STATUSES, DeadlineFlag, Status
from .selectors import complaints_visible_to


@workbench.work("wage_arrears.complaints", _("Wage-arrears cases"), who=workbench.staff, order=10,
                description=_("Complaints to accept, and open cases due soon or overdue at each step."))
def complaints(user, region) -> list[workbench.Line]:
    qs = workbench.in_region(complaints_visible_to(user), "region", region).filter(status__in=OPEN_STATUSES)
    grouped = {(row["status"], row["deadline_flag"]): row["n"]
               for row in qs.order_by().values("status", "deadline_flag").annotate(n=Count("id"))}
    to_accept = sum(n for (status, _flag), n in grouped.items() if status == Status.SUBMITTED)
    lines = [workbench.Line(_("Complaints to accept"), to_accept,
                            workbench.link("wage_arrears:staff-queue", region, status=Status.SUBMITTED), always=True)]
    labels = dict(Status.choices)
    for flag, tone, label in ((DeadlineFlag.OVERDUE, "err", _("Overdue: %(step)s")),
                              (DeadlineFlag.DUE_SOON, "warn", _("Due soon: %(step)s"))):
        for status in OPEN_STATUSES:
            n = grouped.get((status, flag), 0)
            if n:
                lines.append(workbench.Line(label % {"step": labels[status]}, n,
                                            workbench.link("wage_arrears:staff-queue", region, status=status, flag=flag),
                                            tone=tone))
    return lines
