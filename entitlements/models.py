"""Entitlements: one approval, then monthly lines for the whole period (社保补贴 直补快办,
就业见习补贴). The round and its parameters are ``subsidies.SchemeRound``; the money path is the
subsidies app's (notice → batch → bank file → reconciliation)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Entitlement(models.Model):
    class State(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate (screened)")
        UNDER_REVIEW = "under_review", _("Under review")
        RETURNED = "returned", _("Returned for more information")
        APPROVED = "approved", pgettext_lazy("entitlement", "Approved")
        RUNNING = "running", _("Running (paid month by month)")
        ENDED = "ended", pgettext_lazy("entitlement", "Ended")
        REJECTED = "rejected", pgettext_lazy("entitlement", "Rejected")

    class EndReason(models.TextChoices):
        CONTRACT_END = "contract_end", _("The labour contract ended")
        MAX_MONTHS = "max_months", _("The maximum number of months is reached")
        RETIREMENT = "retirement", _("The person reaches statutory retirement age")
        NO_CONTRIBUTION = "no_contribution", _("Contributions stopped")
        REVOKED = "revoked", _("Revoked")
        PLACEMENT_END = "placement_end", _("The internship ended")
        HIRED = "hired", _("Hired before the internship ended: the remaining period paid at once")

    round = models.ForeignKey("subsidies.SchemeRound", verbose_name=_("round"), on_delete=models.PROTECT, related_name="entitlements")
    scheme_code = models.CharField(_("scheme"), max_length=40, editable=False)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("beneficiary"), on_delete=models.PROTECT,
                                   related_name="entitlements")
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+",
                               help_text=_("The beneficiary's region (its county reviews)."))
    person = models.ForeignKey("persons.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="entitlements")
    contract = models.ForeignKey("persons.LabourContract", verbose_name=_("labour contract"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="entitlements")
    placement = models.ForeignKey("recruitment.InternshipPlacement", verbose_name=_("internship placement"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="entitlements")
    basis_key = models.CharField(_("basis"), max_length=64, editable=False, help_text=_("contract:<id> or placement:<id>"))
    start_month = models.DateField(_("start month"))
    max_months = models.PositiveSmallIntegerField(_("maximum months"), null=True, blank=True)
    first_approved_on = models.DateField(_("first approved on"), null=True, blank=True)
    eligible = models.BooleanField(_("eligible by the rule"), default=False)
    failed_checks = models.JSONField(_("failed checks"), default=list, blank=True)
    checks = models.JSONField(_("checks"), default=list, blank=True)
    schedule = models.JSONField(_("schedule"), default=dict, blank=True,
                                help_text=_("Months skipped and why, months left, the end month and why (as last computed)."))
    state = models.CharField(_("state"), max_length=14, choices=State.choices, default=State.CANDIDATE, db_index=True)
    end_reason = models.CharField(_("end reason"), max_length=16, choices=EndReason.choices, blank=True)
    ended_month = models.DateField(_("last month"), null=True, blank=True)
    staff_message = models.TextField(_("message from staff"), blank=True)
    note = models.TextField(_("note from the enterprise"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    computed_through = models.DateField(_("computed through"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scheme_code", "start_month", "id"]
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        constraints = [
            models.UniqueConstraint(fields=["round", "basis_key"], name="entitlement_once_per_basis"),
            models.CheckConstraint(condition=Q(contract__isnull=False) | Q(placement__isnull=False), name="entitlement_has_basis"),
        ]
        indexes = [
            models.Index(fields=["enterprise", "scheme_code"], name="entitlement_ent_idx"),
            models.Index(fields=["person", "scheme_code"], name="entitlement_person_idx"),
            models.Index(fields=["region", "state"], name="entitlement_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme_code} {self.basis_key}"


class EntitlementLine(models.Model):
    class State(models.TextChoices):
        COMPUTED = "computed", _("Computed")
        NOTICED = "noticed", _("In public notice")
        PAYABLE = "payable", _("Payable")
        IN_BATCH = "in_batch", _("In payout batch")
        PAID = "paid", pgettext_lazy("payment", "Paid")
        FAILED = "failed", _("Payment failed")
        MANUAL = "manual", _("Manual handling")

    class Kind(models.TextChoices):
        MONTH = "month", _("Monthly line")
        SUPPLEMENT = "supplement", _("Supplementary payment of a corrected month")

    # The monthly task inserts ~100,000 lines at once: only the indexes the reads need (ADR 0020).
    # ``entitlement`` is served by entitlement_line_state_idx; ``person`` is the entitlement's person,
    # copied for the once-a-month constraint (which serves the reads by person): its integrity
    # follows from the entitlement's own foreign key (PROTECT), so it has no constraint of its own.
    entitlement = models.ForeignKey(Entitlement, verbose_name=_("entitlement"), on_delete=models.CASCADE, related_name="lines",
                                    db_index=False)
    scheme_code = models.CharField(_("scheme"), max_length=40, editable=False)
    person = models.ForeignKey("persons.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+",
                               db_index=False, db_constraint=False)
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    months = models.PositiveSmallIntegerField(_("months paid for"), default=1)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    facts = models.JSONField(_("facts"), default=dict)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.COMPUTED)
    # a month's line, or the shortfall of a corrected paid month (``adjustment_resolve``: paid
    # through the next item and batch like any line; it uses no month of the clock)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MONTH, db_default=Kind.MONTH)
    attempts = models.PositiveSmallIntegerField(_("payment attempts"), default=0)
    application = models.ForeignKey("subsidies.Application", verbose_name=_("subsidy item"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="entitlement_lines", db_index=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["entitlement", "month"]
        verbose_name = _("entitlement line")
        verbose_name_plural = _("entitlement lines")
        constraints = [
            models.UniqueConstraint(fields=["scheme_code", "person", "month"], condition=Q(kind="month"),
                                    name="entitlement_line_once_a_month"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="entitlement_line_not_negative"),
        ]
        indexes = [
            models.Index(fields=["entitlement", "state"], name="entitlement_line_state_idx"),
            # the lines of a subsidy item (grouped lines only: new lines have none)
            models.Index(fields=["application"], condition=Q(application__isnull=False), name="entitlement_line_item_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.entitlement_id} {self.month:%Y-%m}"


class LineAdjustment(models.Model):
    """A paid (or committed) month whose facts changed afterwards: flagged for staff, never a second
    payment. Staff resolve it (``entitlements.services.adjustment_resolve``, machine
    ``entitlements.adjustment``): recover the overpayment (the difference recorded as the amount to
    recover), pay the shortfall (a supplementary line paid through the next item and batch) or no
    change (with the reason)."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", pgettext_lazy("adjustment status", "Resolved")

    class Decision(models.TextChoices):
        RECOVER = "recover", _("Recover the overpayment")
        PAY_SHORTFALL = "pay_shortfall", _("Pay the shortfall")
        NO_CHANGE = "no_change", _("No adjustment needed")

    line = models.ForeignKey(EntitlementLine, verbose_name=_("line"), on_delete=models.CASCADE, related_name="adjustments")
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    amount_before = models.DecimalField(_("amount paid or committed"), max_digits=12, decimal_places=2)
    amount_after = models.DecimalField(_("amount on the corrected facts"), max_digits=12, decimal_places=2)
    facts_before = models.JSONField(_("facts before"), default=dict)
    facts_after = models.JSONField(_("facts after"), default=dict)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    decision = models.CharField(_("decision"), max_length=14, choices=Decision.choices, blank=True)
    to_recover = models.DecimalField(_("amount to recover (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    supplement = models.OneToOneField(EntitlementLine, verbose_name=_("supplementary line"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="supplement_for")
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("line adjustment")
        verbose_name_plural = _("line adjustments")
        constraints = [
            models.UniqueConstraint(fields=["line"], condition=Q(state="open"), name="one_open_adjustment_per_line"),
            models.CheckConstraint(condition=Q(state="open", decision="") | (~Q(state="open") & ~Q(decision="")),
                                   name="adjustment_decided_once_resolved"),
            models.CheckConstraint(condition=Q(to_recover__isnull=True) | Q(to_recover__gt=0), name="adjustment_recovers_a_positive_amount"),
        ]
        indexes = [models.Index(fields=["region", "state"], name="adjustment_region_state_idx")]

    def __str__(self) -> str:
        return f"{self.line_id} {self.amount_before}→{self.amount_after}"

    @property
    def difference(self):
        """The corrected amount less the amount paid (negative: paid too much)."""
        return self.amount_after - self.amount_before
