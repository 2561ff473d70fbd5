"""The subsidies app's state machines, declared once (docs/workflows/subsidies.*.md): the subsidy
item (screening or application → review → public notice → payout), the public notice and the payout
batch. The services guard with them and the staff pages show a step's button exactly when allowed.
Future schemes (person subsidies, whole-period entitlements) declare theirs the same way."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core import clock
from xingtai_jobs.core.workflow import Machine, Step, anyone, bureau_staff, city_staff, register, system

from .models import Application, PayoutBatch, PublicNotice

S = Application.State
STAFF_ONLY = _("Only bureau staff may do this.")
CITY_ONLY = _("Only city-level staff may do this.")


def staff_in_scope(user, app) -> bool:
    """Bureau staff of the item's region (city staff: every region)."""
    return bool(user is not None and getattr(user, "is_bureau_staff", False)
                and (user.is_city_staff or user.region_id == app.region_id))


def the_enterprise(user, app) -> bool:
    """The applicant: the enterprise paid (its users), or the person paid (their linked citizen account)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if app.enterprise_id is not None:
        return getattr(user, "enterprise_id", None) == app.enterprise_id
    from persons.models import CitizenAccount

    return CitizenAccount.objects.filter(user=user, person_id=app.person_id).exists()


def city_or_system(user, obj) -> bool:
    """City staff, or the portal itself (the command and the task build batches without a user)."""
    return user is None or city_staff(user, obj)


def _objections_open(user, notice) -> bool:

    return clock.today() <= notice.closes_on


BATCH_LOCKED = _("The batch is locked: it can no longer be changed.")
NOT_WAITING = _("Only a locked batch waiting for the bank's result can be reconciled.")


def _svc(name: str) -> str:
    return f"subsidies.services.{name}"


ITEM = register(Machine(
    "subsidies.item", model="subsidies.Application", title=_("Subsidy item"), states=S, field="state",
    initial=(S.CANDIDATE, S.APPLIED),
    wrong_state_message=_("This item was changed by someone else or is not in a state that allows this. Reload the page."),
    steps=[
        Step("apply", _("Apply"), [S.CANDIDATE], S.APPLIED, who=the_enterprise, who_label="the enterprise or the person paid",
             button=False, service=_svc("application_submit"), audit_action="subsidies.application.submitted"),
        Step("review", _("Start review"), [S.CANDIDATE, S.APPLIED], S.UNDER_REVIEW, who=staff_in_scope,
             who_label="staff of the region", who_message=STAFF_ONLY, service=_svc("application_review_start"),
             audit_action="subsidies.application.review_started"),
        Step("return", _("Return for more information"), [S.UNDER_REVIEW], S.RETURNED, who=staff_in_scope,
             who_label="staff of the region", who_message=STAFF_ONLY, service=_svc("application_return"),
             audit_action="subsidies.application.returned"),
        Step("resubmit", _("Resubmit"), [S.RETURNED], S.UNDER_REVIEW, who=the_enterprise,
             who_label="the enterprise or the person paid", who_message=_("Only the enterprise itself may resubmit."),
             service=_svc("application_resubmit"), audit_action="subsidies.application.resubmitted"),
        Step("approve", _("Approve"), [S.UNDER_REVIEW], S.APPROVED, who=staff_in_scope,
             who_label="staff of the region", who_message=STAFF_ONLY, service=_svc("application_approve"),
             audit_action="subsidies.application.approved"),
        Step("reject", _("Reject"), [S.UNDER_REVIEW], S.REJECTED, who=staff_in_scope,
             who_label="staff of the region", who_message=STAFF_ONLY, service=_svc("application_reject"),
             audit_action="subsidies.application.rejected"),
        Step("publish", _("Publish a public notice"), [S.APPROVED], S.NOTICED, who=bureau_staff,
             who_label="bureau staff", button=False, service=_svc("notice_publish"),
             audit_action="subsidies.notice.published"),
        Step("object", _("File an objection"), [S.NOTICED], S.HELD, who=anyone, who_label="the public",
             button=False, service=_svc("objection_file"), audit_action="subsidies.objection.filed"),
        Step("uphold", _("Uphold the objection"), [S.HELD, S.NOTICED], S.REJECTED, who=staff_in_scope,
             who_label="staff of the region", button=False, service=_svc("objection_resolve"),
             audit_action="subsidies.objection.resolved"),
        Step("release", _("Dismiss the last objection"), [S.HELD], (S.NOTICED, S.PAYABLE), who=staff_in_scope,
             who_label="staff of the region", button=False, service=_svc("objection_resolve"),
             audit_action="subsidies.objection.resolved"),
        Step("notice_closed", _("Notice period ended"), [S.NOTICED], S.PAYABLE, who=system, who_label="daily job",
             button=False, service=_svc("notices_close_due"), audit_action="subsidies.notice.closed"),
        Step("batch", _("Add to a payout batch"), [S.PAYABLE], S.IN_BATCH, who=city_or_system, who_label="city staff",
             button=False, service=_svc("payout_batch_fill"), audit_action="subsidies.batch.filled"),
        Step("paid", _("Paid by the bank"), [S.IN_BATCH], S.PAID, who=city_staff, who_label="bank result import",
             button=False, service=_svc("payout_items_reconcile"), audit_action="subsidies.batch.reconciled"),
        Step("failed", _("Payment failed"), [S.IN_BATCH], (S.PAYABLE, S.MANUAL), who=city_staff,
             who_label="bank result import", when_label="manual after the last attempt", button=False,
             service=_svc("payout_items_reconcile"), audit_action="subsidies.batch.reconciled"),
    ],
))

B = PayoutBatch.Status
BATCH = register(Machine(
    "subsidies.batch", model="subsidies.PayoutBatch", title=_("Payout batch"), states=B, initial=(B.DRAFT,),
    steps=[
        Step("fill", _("Add payable items"), [B.DRAFT], None, who=city_or_system, who_label="city staff",
             who_message=CITY_ONLY, refusals={B.LOCKED: BATCH_LOCKED, B.RECONCILED: BATCH_LOCKED}, service=_svc("payout_batch_fill"), audit_action="subsidies.batch.filled"),
        Step("lock", _("Lock batch"), [B.DRAFT], B.LOCKED, who=city_staff, who_label="city staff",
             who_message=CITY_ONLY, when=lambda user, batch: batch.item_count > 0, when_label="has items",
             when_message=_("Only a draft batch with items can be locked."), service=_svc("payout_batch_lock"),
             refusals={B.LOCKED: _("Only a draft batch with items can be locked."),
                       B.RECONCILED: _("Only a draft batch with items can be locked.")},
             audit_action="subsidies.batch.locked"),
        Step("export", _("Export bank file (Excel)"), [B.LOCKED], None, who=city_staff, who_label="city staff",
             who_message=CITY_ONLY, service=_svc("payout_batch_export_rows"), audit_action="subsidies.batch.exported",
             refusals={B.DRAFT: _("Lock the batch before exporting the bank file.")}),
        Step("import", _("Import bank result"), [B.LOCKED], None, who=city_staff, who_label="city staff",
             who_message=CITY_ONLY, service=_svc("bank_result_import"), audit_action="subsidies.batch.reconciled",
             refusals={B.DRAFT: NOT_WAITING, B.RECONCILED: NOT_WAITING}),
        Step("reconciled", _("Every item reconciled"), [B.LOCKED], B.RECONCILED, who=city_staff,
             who_label="bank result import", button=False, service=_svc("payout_batch_after_reconcile"),
             audit_action="subsidies.batch.reconciled"),
    ],
))

N = PublicNotice.Status
NOTICE = register(Machine(
    "subsidies.notice", model="subsidies.PublicNotice", title=_("Public notice"), states=N, initial=(N.OPEN,),
    steps=[
        Step("object", _("File an objection"), [N.OPEN], None, who=anyone, who_label="the public",
             when=_objections_open, when_label="until the closing day",
             when_message=_("The objection period of this notice has ended."),
             refusals={N.CLOSED: _("The objection period of this notice has ended.")}, service=_svc("objection_file"),
             audit_action="subsidies.objection.filed"),
        Step("close", _("Close the notice"), [N.OPEN], N.CLOSED, who=system, who_label="daily job", button=False,
             service=_svc("notices_close_due"), audit_action="subsidies.notice.closed"),
    ],
))
