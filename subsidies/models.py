"""Subsidy schemes, their rounds (effective-dated parameters), the items that go through the money
path (screened candidates and applications share one model, ``Application``), public notices,
objections, bank accounts and payout batches."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BeneficiaryKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    PERSON = "person", _("Person")


def beneficiary_key(*, enterprise_id: int | None = None, person_id: int | None = None) -> str:
    """The key naming who is paid: "E<enterprise id>" or "P<person id>" (exactly one is given)."""
    if (enterprise_id is None) == (person_id is None):
        raise ValueError("exactly one of enterprise_id and person_id")
    return f"E{enterprise_id}" if enterprise_id is not None else f"P{person_id}"


def person_key(person_id: int | None) -> str:
    """"P<person id>", or "" without a person (a subject key)."""
    return f"P{person_id}" if person_id is not None else ""


class Scheme(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    clause = models.CharField(_("policy clause"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    beneficiary_kind = models.CharField(_("beneficiary kind"), max_length=10, choices=BeneficiaryKind.choices,
                                        default=BeneficiaryKind.ENTERPRISE,
                                        help_text=_("Who is paid: an enterprise (bank account) or a person (social-security-card account)."))
    has_subject = models.BooleanField(_("item has a subject person"), default=False,
                                      help_text=_("Each item is about one person: the hire or the certificate holder."))

    class Meta:
        ordering = ["code"]
        verbose_name = _("subsidy scheme")
        verbose_name_plural = _("subsidy schemes")

    def __str__(self) -> str:
        return self.name


class SchemeRound(models.Model):
    """One version of a scheme: the assessment year, the window it is open in, budget, parameters."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(_("name"), max_length=100)
    assessment_year = models.PositiveIntegerField(_("assessment year"))
    opens_on = models.DateField(_("window opens on"))
    closes_on = models.DateField(_("window closes on"))
    budget = models.DecimalField(_("budget (yuan)"), max_digits=16, decimal_places=2)
    parameters = models.JSONField(_("parameters"), default=dict)
    source = models.CharField(_("source document"), max_length=200, blank=True)
    provisional = models.JSONField(_("parameters awaiting the bureau's confirmation"), default=list, blank=True,
                                   help_text=_("Names of the parameters whose source is not confirmed yet."))
    parameters_changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("parameters changed by"), null=True,
                                              blank=True, on_delete=models.SET_NULL, related_name="+")
    parameters_changed_at = models.DateTimeField(_("parameters changed at"), null=True, blank=True)

    class Meta:
        ordering = ["scheme", "-assessment_year"]
        verbose_name = _("scheme round")
        verbose_name_plural = _("scheme rounds")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "assessment_year"], name="round_unique_year"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="round_window_ordered"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        from subsidies.rules import rule_for

        if self.scheme_id:
            try:
                self.parameters = rule_for(self.scheme.code).validate_parameters(self.parameters)
            except ValueError as exc:
                raise ValidationError({"parameters": str(exc)}) from exc

    def is_open(self, on_date) -> bool:
        return self.opens_on <= on_date <= self.closes_on


class BankAccount(models.Model):
    """A payee account: the enterprise's bank account (confirmed by the enterprise in its portal), or
    a person's social-security-card financial account (社保卡金融账户, confirmed by the person on /me/
    or recorded by staff). Exactly one of ``enterprise`` and ``person``; one active per holder. The
    full number appears only in the bank file and in audited full views."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="bank_accounts")
    person = models.ForeignKey("persons.Person", verbose_name=_("person"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="card_accounts")
    account_name = models.CharField(_("account holder"), max_length=200)
    bank_name = models.CharField(_("bank"), max_length=100)
    account_number = models.CharField(_("account number"), max_length=34)
    confirmed_at = models.DateTimeField(_("confirmed at"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-confirmed_at"]
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        constraints = [
            models.UniqueConstraint(fields=["enterprise"], condition=Q(active=True), name="one_active_bank_account"),
            models.UniqueConstraint(fields=["person"], condition=Q(active=True), name="one_active_person_account"),
            models.CheckConstraint(condition=Q(enterprise__isnull=False, person__isnull=True) | Q(enterprise__isnull=True, person__isnull=False),
                                   name="bank_account_one_holder"),
        ]

    def __str__(self) -> str:
        from xingtai_jobs.core.masking import mask_bank_account

        return f"{self.bank_name} {mask_bank_account(self.account_number)}"


class PublicNotice(models.Model):
    """公示: a batch of approved items shown publicly for a number of working days."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for objections")
        CLOSED = "closed", pgettext_lazy("public notice status", "Closed")

    round = models.ForeignKey(SchemeRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="notices")
    title = models.CharField(_("title"), max_length=200)
    published_on = models.DateField(_("published on"))
    closes_on = models.DateField(_("objections close on"))
    working_days = models.PositiveSmallIntegerField(_("working days"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("public notice (公示)")
        verbose_name_plural = _("public notices (公示)")

    def __str__(self) -> str:
        return self.title


class PayoutBatch(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LOCKED = "locked", _("Locked")
        RECONCILED = "reconciled", _("Reconciled")

    round = models.ForeignKey(SchemeRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="batches")
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    total = models.DecimalField(_("total (yuan)"), max_digits=16, decimal_places=2, default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    reconciled_at = models.DateTimeField(_("reconciled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("payout batch")
        verbose_name_plural = _("payout batches")
        constraints = [models.UniqueConstraint(fields=["round"], condition=Q(status="draft"), name="one_draft_batch_per_round")]

    def __str__(self) -> str:
        return self.reference


class Application(models.Model):
    """One item of one round, from screening (免申即享) or an application, through review, public
    notice and payout. The beneficiary (who is paid) is an enterprise or a person (exactly one,
    named by ``beneficiary_key`` "E<id>"/"P<id>"); ``subject`` is the person the item is about (the
    hire, the certificate holder) for schemes that have one; ``basis_key`` names the basis object
    ("" for 稳岗返还, "contract:<id>", "certificate:<no>", "period:YYYY-MM"). An item is unique per
    (round, beneficiary, basis object). ``region``: the employer's region when an enterprise is paid,
    the person's region of residence when a person is paid."""

    class Origin(models.TextChoices):
        SCREENING = "screening", _("Screening (免申即享)")
        APPLICATION = "application", _("Application")
        ENTITLEMENT = "entitlement", _("Monthly lines of approved entitlements")

    class State(models.TextChoices):
        CANDIDATE = "candidate", _("Screened candidate")
        APPLIED = "applied", _("Applied")
        UNDER_REVIEW = "under_review", _("Under review")
        RETURNED = "returned", _("Returned for more information")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        NOTICED = "noticed", _("In public notice")
        HELD = "held", _("Held by an objection")
        PAYABLE = "payable", _("Payable")
        IN_BATCH = "in_batch", _("In payout batch")
        PAID = "paid", _("Paid")
        MANUAL = "manual", _("Manual handling")

    round = models.ForeignKey(SchemeRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="applications")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="subsidy_applications")
    person = models.ForeignKey("persons.Person", verbose_name=pgettext_lazy("beneficiary", "person paid"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="subsidy_items")
    subject = models.ForeignKey("persons.Person", verbose_name=_("subject person"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="subsidy_items_as_subject")
    basis_key = models.CharField(_("basis object"), max_length=64, default="", blank=True)
    beneficiary_key = models.CharField(_("beneficiary key"), max_length=24, default="", editable=False)
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices)
    state = models.CharField(_("state"), max_length=14, choices=State.choices, db_index=True)
    eligible = models.BooleanField(_("eligible"), default=False)
    rate = models.DecimalField(_("rate"), max_digits=5, decimal_places=4, default=0)
    base = models.DecimalField(_("base (yuan)"), max_digits=16, decimal_places=2, default=0)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=16, decimal_places=2, default=0)
    checks = models.JSONField(_("checks"), default=list)
    facts = models.JSONField(_("facts"), default=dict)
    note = models.TextField(_("enterprise's note"), blank=True)
    staff_message = models.TextField(_("message from staff"), blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)
    bank_account = models.ForeignKey(BankAccount, verbose_name=_("bank account"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    notice = models.ForeignKey(PublicNotice, verbose_name=_("public notice"), null=True, blank=True, on_delete=models.PROTECT, related_name="items")
    attempts = models.PositiveSmallIntegerField(_("payment attempts"), default=0)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("subsidy item")
        verbose_name_plural = _("subsidy items")
        constraints = [
            models.UniqueConstraint(fields=["round", "beneficiary_key", "basis_key"], name="application_unique_round_beneficiary_basis"),
            models.CheckConstraint(condition=Q(enterprise__isnull=False, person__isnull=True) | Q(enterprise__isnull=True, person__isnull=False),
                                   name="application_one_beneficiary"),
            models.CheckConstraint(condition=~Q(beneficiary_key=""), name="application_beneficiary_key_set"),
        ]
        indexes = [
            models.Index(fields=["round", "state", "region"], name="app_round_state_region_idx"),
            models.Index(fields=["person", "state"], name="app_person_state_idx"),
            models.Index(fields=["subject", "state"], name="app_subject_state_idx"),
        ]

    def __str__(self) -> str:
        if self.enterprise_id:
            return f"{self.round} · {self.enterprise.name}"
        return f"{self.round} · {self.person}"

    def save(self, *args, **kwargs):
        self.beneficiary_key = beneficiary_key(enterprise_id=self.enterprise_id, person_id=self.person_id)
        super().save(*args, **kwargs)

    @property
    def beneficiary(self):
        return self.enterprise if self.enterprise_id else self.person

    @property
    def beneficiary_name(self) -> str:
        """The enterprise's name, or the person's masked name (never a person's full name in lists)."""
        from xingtai_jobs.core.masking import mask_name

        return self.enterprise.name if self.enterprise_id else mask_name(self.person.name)

    @property
    def subject_name(self) -> str:
        from xingtai_jobs.core.masking import mask_name

        return mask_name(self.subject.name) if self.subject_id else ""

    @property
    def certificate(self) -> dict:
        """The certificate of a skills-upgrade item, from its stored facts (number, occupation, level)."""
        if not self.basis_key.startswith("certificate:"):
            return {}
        from subsidies.rules.skill_upgrade import LEVEL_NAMES

        level = self.facts.get("level")
        return {"number": self.basis_key[len("certificate:"):], "occupation": self.facts.get("occupation_name", ""),
                "level": level, "level_name": LEVEL_NAMES.get(level, "")}

    @property
    def payout_period(self) -> int:
        return payout_period(self.basis_key, self.round.assessment_year)

    @property
    def payout_subject_key(self) -> str:
        return subject_key_for(subject_id=self.subject_id, basis_key=self.basis_key)


def payout_period(basis_key: str, assessment_year: int) -> int:
    """A payout line's period: YYYYMM for a "period:YYYY-MM" basis (monthly or quarterly payouts),
    else the round's assessment year (YYYY)."""
    if basis_key.startswith("period:"):
        year, month = basis_key[len("period:"):].split("-")[:2]
        return int(year) * 100 + int(month)
    return assessment_year


def subject_key_for(*, subject_id: int | None, basis_key: str) -> str:
    """What a payout line pays for besides the beneficiary and period: "" (稳岗返还: the enterprise's
    year), "P<id>" (a subject person: the hire, or the insured person of a monthly period), or
    "C<certificate no>" for a certificate (a person may be paid up to three certificates a year,
    each once)."""
    if basis_key.startswith("certificate:"):
        return "C" + basis_key[len("certificate:"):]
    return person_key(subject_id)


class Objection(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld: item rejected")
        DISMISSED = "dismissed", _("Dismissed: item released")

    notice = models.ForeignKey(PublicNotice, verbose_name=_("public notice"), on_delete=models.PROTECT, related_name="objections")
    application = models.ForeignKey(Application, verbose_name=_("item"), on_delete=models.PROTECT, related_name="objections")
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20)
    text = models.TextField(_("objection"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"#{self.pk} {self.application_id}"


class PayoutItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")

    batch = models.ForeignKey(PayoutBatch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="items")
    application = models.ForeignKey(Application, verbose_name=_("item"), on_delete=models.PROTECT, related_name="payouts")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise paid"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("persons.Person", verbose_name=pgettext_lazy("beneficiary", "person paid"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey("persons.Person", verbose_name=_("subject person"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    beneficiary_key = models.CharField(_("beneficiary key"), max_length=24, default="")
    subject_key = models.CharField(_("subject key"), max_length=64, default="", blank=True)
    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="+")
    # The assessment year (YYYY) for yearly schemes; YYYYMM for a monthly or quarterly payout period.
    period = models.PositiveIntegerField(_("period (assessment year, or YYYYMM)"))
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    reference = models.CharField(_("bank reference"), max_length=40, unique=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=16, decimal_places=2)
    payee_name = models.CharField(_("payee"), max_length=200)
    bank_name = models.CharField(_("bank"), max_length=100)
    account_number = models.CharField(_("account number"), max_length=34)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    failure_reason = models.CharField(_("failure reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["batch", "id"]
        verbose_name = _("payout item")
        verbose_name_plural = _("payout items")
        constraints = [
            # The last guard against paying twice: one live (pending or paid) line per scheme,
            # beneficiary, subject and period; a failed one may be retried as a new attempt.
            models.UniqueConstraint(
                fields=["scheme", "beneficiary_key", "subject_key", "period"], condition=~Q(status="failed"),
                name="payout_once_per_beneficiary_subject_period"
            ),
            models.UniqueConstraint(fields=["scheme", "beneficiary_key", "subject_key", "period", "attempt"], name="payout_attempt_unique"),
            models.CheckConstraint(condition=Q(enterprise__isnull=False, person__isnull=True) | Q(enterprise__isnull=True, person__isnull=False),
                                   name="payout_one_beneficiary"),
            models.CheckConstraint(condition=~Q(beneficiary_key=""), name="payout_beneficiary_key_set"),
        ]

    def __str__(self) -> str:
        return self.reference
