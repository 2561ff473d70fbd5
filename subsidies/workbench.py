"""Subsidy work on the staff workbench: items to review, objections open, payout batches to lock or
reconcile. Each kind is one query through the app's selectors."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core import workbench

from .models import Application, Objection, PayoutBatch
from .selectors import applications_for, batches_for, objections_for

S = Application.State
REVIEW_STATES = (S.APPLIED, S.UNDER_REVIEW, S.CANDIDATE, S.MANUAL)


@workbench.work("subsidies.items", _("Subsidy items to review"), order=20,
                description=_("Applications waiting for a review decision."))
def items(user, region) -> list[workbench.Line]:
    qs = workbench.in_region(applications_for(user), "region", region)
    n = workbench.counts(qs, **{state: Q(state=state) for state in REVIEW_STATES})
    labels = dict(S.choices)
    return [workbench.Line(labels[state], n[state], workbench.link("subsidies:staff_home", region, state=state),
                           always=state == S.APPLIED)
            for state in REVIEW_STATES]


@workbench.work("subsidies.objections", _("Objections to public notices"), order=21)
def objections(user, region) -> list[workbench.Line]:
    qs = workbench.in_region(objections_for(user), "region", region)
    n = workbench.counts(qs, open=Q(status=Objection.Status.OPEN))
    return [workbench.Line(_("Objections open"), n["open"],
                           workbench.link("subsidies:staff_objections", region, status=Objection.Status.OPEN), always=True)]


@workbench.work("subsidies.batches", _("Payout batches"), who=workbench.city_staff, order=22)
def batches(user, region) -> list[workbench.Line]:
    # batches are city business and belong to no county: the region filter does not narrow them
    n = workbench.counts(batches_for(user), draft=Q(status=PayoutBatch.Status.DRAFT),
                         locked=Q(status=PayoutBatch.Status.LOCKED))
    return [
        workbench.Line(_("Draft batches to lock"), n["draft"],
                       workbench.link("subsidies:staff_batches", None, status=PayoutBatch.Status.DRAFT), always=True),
        workbench.Line(_("Locked batches to reconcile with the bank's results"), n["locked"],
                       workbench.link("subsidies:staff_batches", None, status=PayoutBatch.Status.LOCKED), always=True),
    ]
