"""Recruitment work on the staff workbench: today's events (each linking to its check-in station)
and the graduates due for contact (the caseworkers' work queue)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core import clock, workbench

from .models import Event
from .selectors import events_for, work_queue_for


@workbench.work("recruitment.checkins", _("Check-ins today"), order=50,
                description=_("Today's events: open the check-in station at the entrance."))
def checkins(user, region) -> list[workbench.Line]:
    today = clock.today()
    events = (workbench.in_region(events_for(user), "region", region)
              .filter(status__in=Event.OPEN_STATUSES, starts_at__date__lte=today, ends_at__date__gte=today)
              .annotate(arrived=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)))
              .order_by("starts_at", "id"))
    return [workbench.Line(_("%(title)s: confirmed sign-ups (%(arrived)s checked in so far)")
                           % {"title": event.title, "arrived": event.arrived}, event.confirmed_count,
                           workbench.link("recruitment:staff-checkin-station", None, event.pk), always=True)
            for event in events]


@workbench.work("recruitment.contacts", _("Graduates due for contact"), order=51)
def contacts(user, region) -> list[workbench.Line]:
    qs = workbench.in_region(work_queue_for(user), "entry__household_region", region)
    n = workbench.counts(qs, due=Q())
    return [workbench.Line(_("Graduates not contacted recently"), n["due"],
                           workbench.link("recruitment:staff-ledger", region, anchor="queue"), always=True)]
