"""Measure 1: the annual "最具就业带动力" ranking, the key-enterprise list and the job-demand table.

Data shape only. The method lives in ``rankings.rules`` (pure) and ``rankings.services``
(computation in the database); reads with visibility in ``rankings.selectors``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

METRICS = ("total", "growth", "hires", "layoff", "dispute")


class RankingMethod(models.Model):
    """A version of the ranking method with its default parameters and an effective window.

    A new ranking copies the parameters of the method in force on 1 January of the following
    year (when the ranking is computed); staff may still edit them on the ranking before computing."""

    version = models.PositiveSmallIntegerField(_("method version"), unique=True)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    weights = models.JSONField(_("weights"), help_text=_("Weight of each metric percentile: total, growth, hires, layoff, dispute."))
    top_n = models.PositiveIntegerField(_("top-list size"), default=100, validators=[MinValueValidator(1)])
    correction_window_days = models.PositiveSmallIntegerField(_("correction window (working days)"), default=5)
    description = models.TextField(_("method in plain Chinese"), blank=True)
    source = models.CharField(_("source (clause or document)"), max_length=300, blank=True)
    provisional = models.JSONField(_("figures awaiting the bureau's confirmation"), default=list, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("ranking method")
        verbose_name_plural = _("ranking methods")

    def __str__(self) -> str:
        return f"v{self.version}"


class Ranking(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("ranking status", "Draft")
        COMPUTING = "computing", pgettext_lazy("ranking status", "Computing")
        PREVIEW = "preview", pgettext_lazy("ranking status", "Preview (corrections open)")
        PUBLISHED = "published", pgettext_lazy("ranking status", "Published")
        WITHDRAWN = "withdrawn", pgettext_lazy("ranking status", "Withdrawn")

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    method_version = models.PositiveSmallIntegerField(_("method version"))
    weights = models.JSONField(_("weights"))
    top_n = models.PositiveIntegerField(_("top-list size"), validators=[MinValueValidator(1)])
    correction_window_days = models.PositiveSmallIntegerField(_("correction window (working days)"))
    population_count = models.PositiveIntegerField(_("enterprises ranked"), default=0)
    excluded_count = models.PositiveIntegerField(_("enterprises excluded"), default=0)
    needs_recompute = models.BooleanField(_("figures changed since the last computation"), default=False)
    compute_cursor = models.BigIntegerField(default=0, help_text=_("Resumable computation: enterprise ids below this are done."))
    compute_run = models.ForeignKey("core.TaskRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    correction_deadline = models.DateField(_("corrections accepted until"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    forced_reason = models.TextField(_("reason for publishing early"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("public reason for withdrawal"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("employment-driving ranking (最具就业带动力)")
        verbose_name_plural = _("employment-driving rankings (最具就业带动力)")
        permissions = [
            ("compute_ranking", _("Can compute a ranking")),
            ("publish_ranking", _("Can publish or withdraw a ranking")),
            ("view_preview", _("Can view a ranking preview")),
        ]

    def __str__(self) -> str:
        return f"{self.year} ({self.get_status_display()})"

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.PUBLISHED, self.Status.WITHDRAWN) or self.withdrawn_at is not None

    @property
    def public_status(self) -> str:
        """What the public is told: published, or withdrawn (also while a withdrawn year is being
        recomputed after ``ranking_reopen``, until its new list is published)."""
        if self.status == self.Status.PUBLISHED:
            return self.Status.PUBLISHED
        return self.Status.WITHDRAWN if self.withdrawn_at is not None else self.status


class RankingEntry(models.Model):
    """One enterprise in the preview population: raw figures, percentiles, score and rank.
    Rebuilt by every computation; the public list is the frozen ``PublishedEntry`` copy."""

    # Derived rows, rebuilt by every computation: few indexes and no database-level FK checks on
    # enterprise/region (Django still cascades/protects) keep a 50,000-row recomputation fast.
    # See docs/adr/0006-rankings-app.md.
    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="entries", db_index=False)
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="ranking_entries",
                                   db_index=False, db_constraint=False)
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False)
    size_class = models.CharField(_("size class"), max_length=8)
    uscc = models.CharField(_("USCC"), max_length=18)
    insured_sum = models.PositiveIntegerField(_("sum of monthly insured headcounts"))
    growth = models.IntegerField(_("headcount growth"))
    growth_base = models.CharField(_("growth compared with"), max_length=10, help_text=_("prev_dec or jan"))
    hires = models.PositiveIntegerField(pgettext_lazy("insurance figure", "new hires"))
    claims = models.PositiveIntegerField(_("new unemployment-benefit claimants"))
    disputes = models.PositiveIntegerField(_("labour disputes"))
    p_total = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    p_growth = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    p_hires = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    p_layoff = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    p_dispute = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True)
    rank = models.PositiveIntegerField(_("rank"), null=True)

    class Meta:
        ordering = ["ranking", "rank"]
        verbose_name = _("ranking entry (preview)")
        verbose_name_plural = _("ranking entries (preview)")
        constraints = [models.UniqueConstraint(fields=["ranking", "enterprise"], name="ranking_entry_unique")]
        indexes = [
            models.Index(fields=["ranking", "rank"], name="ranking_entry_rank_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ranking_id} #{self.rank} {self.uscc}"

    # the same shape as PublishedEntry (API, preview pages)
    @property
    def name(self) -> str:
        return self.enterprise.name

    @property
    def region_code(self) -> str:
        return self.region.code

    @property
    def total(self) -> Decimal:
        return (Decimal(self.insured_sum) / 12).quantize(Decimal("0.01"))

    @property
    def layoff_rate(self) -> Decimal | None:
        if not self.insured_sum:  # none insured (a damaged row): no rate, a placeholder on the pages
            return None
        return (Decimal(self.claims) * 12 / Decimal(self.insured_sum)).quantize(Decimal("0.0001"))

    @property
    def dispute_rate(self) -> Decimal | None:
        if not self.insured_sum:  # none insured (a damaged row): no rate, a placeholder on the pages
            return None
        return (Decimal(self.disputes) * 12 / Decimal(self.insured_sum)).quantize(Decimal("0.0001"))


class RankingExclusion(models.Model):
    class Reason(models.TextChoices):
        INCOMPLETE = "incomplete", _("Fewer than 12 months with insured staff")
        DISHONEST = "dishonest", _("Flagged as seriously dishonest (失信)")
        DEREGISTERING = "deregistering", _("Deregistering or in liquidation")
        WAGE_ARREARS = "wage_arrears", _("Substantiated wage-arrears case in the year")

    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="exclusions")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=14, choices=Reason.choices)

    class Meta:
        ordering = ["ranking", "enterprise"]
        verbose_name = _("excluded enterprise")
        verbose_name_plural = _("excluded enterprises")
        constraints = [models.UniqueConstraint(fields=["ranking", "enterprise"], name="ranking_exclusion_unique")]

    def __str__(self) -> str:
        return f"{self.ranking_id} {self.enterprise_id} {self.reason}"


class PublishedEntry(models.Model):
    """Frozen snapshot written when a ranking is published: later data changes never alter it."""

    ranking = models.ForeignKey(Ranking, on_delete=models.PROTECT, related_name="published_entries")
    rank = models.PositiveIntegerField(_("rank"))
    enterprise_id_at_publication = models.BigIntegerField()
    uscc = models.CharField(_("USCC"), max_length=18)
    name = models.CharField(_("name"), max_length=200)
    region_code = models.CharField(_("region code"), max_length=12)
    region_name = models.CharField(_("region"), max_length=50)
    size_class = models.CharField(_("size class"), max_length=8)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    total = models.DecimalField(_("average insured headcount"), max_digits=12, decimal_places=2)
    growth = models.IntegerField(_("headcount growth"))
    hires = models.PositiveIntegerField(pgettext_lazy("insurance figure", "new hires"))
    layoff_rate = models.DecimalField(_("layoff rate"), max_digits=12, decimal_places=4)
    dispute_rate = models.DecimalField(_("dispute rate"), max_digits=12, decimal_places=4)

    class Meta:
        ordering = ["ranking", "rank"]
        verbose_name = _("published ranking entry")
        verbose_name_plural = _("published ranking entries")
        constraints = [models.UniqueConstraint(fields=["ranking", "rank"], name="published_entry_rank_unique")]
        indexes = [
            models.Index(fields=["ranking", "region_code", "rank"], name="published_region_idx"),
            models.Index(fields=["ranking", "size_class", "rank"], name="published_size_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ranking_id} #{self.rank} {self.name}"


class CorrectionRequest(models.Model):
    class Field(models.TextChoices):
        INSURED_COUNT = "insured_count", _("insured headcount at month end")
        NEW_INSURED = "new_insured", _("newly insured")
        UI_NEW_CLAIMANTS = "ui_new_claimants", _("new unemployment-benefit claimants")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", pgettext_lazy("correction status", "Accepted")
        REJECTED = "rejected", pgettext_lazy("correction status", "Rejected")

    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="corrections")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    field = models.CharField(_("figure"), max_length=20, choices=Field.choices)
    recorded_value = models.PositiveIntegerField(_("value on record"))
    claimed_value = models.PositiveIntegerField(_("correct value"))
    explanation = models.TextField(_("explanation"))
    evidence = models.FileField(_("evidence"), upload_to="rankings/evidence/%Y/%m/")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution_note = models.TextField(_("resolution note"), blank=True)

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = _("ranking correction request")
        verbose_name_plural = _("ranking correction requests")

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.month:%Y-%m} {self.field}"


class KeyEnterpriseDesignation(models.Model):
    """重点企业: a key employment-driving enterprise, with the reason and date."""

    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="key_designations")
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    designated_on = models.DateField(_("designated on"))
    designated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        ordering = ["-designated_on", "-id"]
        verbose_name = _("key enterprise designation (重点企业)")
        verbose_name_plural = _("key enterprise designations (重点企业)")
        constraints = [
            models.UniqueConstraint(fields=["enterprise"], condition=models.Q(revoked_on__isnull=True), name="one_active_key_designation"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.designated_on}"


class Education(models.TextChoices):
    ANY = "any", _("Any")
    JUNIOR_HIGH = "junior_high", _("Junior high school")
    HIGH_SCHOOL = "high_school", _("High school / technical secondary")
    JUNIOR_COLLEGE = "junior_college", _("Junior college (大专)")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master or above")


class SkillLevel(models.TextChoices):
    NONE = "none", _("No requirement")
    LEVEL5 = "level5", _("Junior worker (初级工)")
    LEVEL4 = "level4", _("Intermediate worker (中级工)")
    LEVEL3 = "level3", _("Senior worker (高级工)")
    LEVEL2 = "level2", _("Technician (技师)")
    LEVEL1 = "level1", _("Senior technician (高级技师)")


class JobDemand(models.Model):
    """A job-demand filing for the 产业发展就业岗位需求表."""

    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="job_demands")
    region = models.ForeignKey("core.Region", verbose_name=_("work location"), on_delete=models.PROTECT, related_name="+")
    industry_code = models.CharField(_("industry code (GB/T 4754)"), max_length=5, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    occupation = models.CharField(_("occupation"), max_length=100)
    headcount = models.PositiveIntegerField(_("number of people"), validators=[MinValueValidator(1)])
    education = models.CharField(_("education"), max_length=16, choices=Education.choices, default=Education.ANY)
    skill_level = models.CharField(_("skill level"), max_length=8, choices=SkillLevel.choices, default=SkillLevel.NONE)
    pay_min = models.DecimalField(_("monthly pay from (yuan)"), max_digits=10, decimal_places=2)
    pay_max = models.DecimalField(_("monthly pay to (yuan)"), max_digits=10, decimal_places=2)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-quarter", "occupation"]
        verbose_name = _("job demand")
        verbose_name_plural = _("job demand (产业发展就业岗位需求)")
        constraints = [
            models.CheckConstraint(condition=models.Q(pay_max__gte=models.F("pay_min")), name="job_demand_pay_range"),
            models.CheckConstraint(condition=models.Q(headcount__gte=1), name="job_demand_headcount_positive"),
        ]
        indexes = [models.Index(fields=["year", "quarter", "industry_code", "region"], name="job_demand_agg_idx")]

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter} {self.occupation} ×{self.headcount}"
