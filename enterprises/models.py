"""Enterprise registry and the monthly figures that rankings and subsidies are computed from."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingtai_jobs.core.validators import validate_uscc


class UnitType(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    SOCIAL_ORG = "social_org", _("Social organisation (社会团体)")
    FOUNDATION = "foundation", _("Foundation (基金会)")
    SOCIAL_SERVICE_ORG = "social_service_org", _("Social-service organisation (社会服务机构)")
    LAW_FIRM = "law_firm", _("Law firm")
    ACCOUNTING_FIRM = "accounting_firm", _("Accounting firm")
    INDIVIDUAL_BUSINESS = "individual_business", _("Individual business insured as a unit")


class SizeClass(models.TextChoices):
    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")


class SizeSource(models.TextChoices):
    SOCIAL_INSURANCE = "social_insurance", _("Imported from social insurance")
    COMPUTED = "computed", _("Computed (2017 statistical standard)")
    MANUAL = "manual", _("Entered by staff")


class Enterprise(models.Model):
    uscc = models.CharField(
        _("unified social credit code (统一社会信用代码)"), max_length=18, unique=True, validators=[validate_uscc]
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="enterprises")
    industry_section = models.CharField(_("industry section (GB/T 4754)"), max_length=1, blank=True)
    industry_code = models.CharField(_("industry code (GB/T 4754)"), max_length=5, blank=True, help_text=_("Section letter and division, e.g. C30"))
    unit_type = models.CharField(_("unit type"), max_length=24, choices=UnitType.choices, default=UnitType.ENTERPRISE)
    size_class = models.CharField(_("size class"), max_length=8, choices=SizeClass.choices, default=SizeClass.SMALL)
    size_source = models.CharField(_("size class source"), max_length=20, choices=SizeSource.choices, default=SizeSource.SOCIAL_INSURANCE)
    above_scale = models.BooleanField(_("above designated size (规上)"), default=False)
    key_enterprise = models.BooleanField(_("key employment enterprise (重点企业)"), default=False)
    dishonest = models.BooleanField(_("seriously dishonest (失信)"), default=False)
    deregistering = models.BooleanField(_("deregistering or in liquidation"), default=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["uscc"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [models.Index(fields=["region", "uscc"], name="ent_region_uscc_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.uscc})"

    def save(self, *args, **kwargs):
        self.uscc = (self.uscc or "").strip().upper()
        if self.industry_code:
            self.industry_code = self.industry_code.strip().upper()
            self.industry_section = self.industry_code[0]
        super().save(*args, **kwargs)


class InsuranceMonth(models.Model):
    """Monthly figures from the social-insurance system: authoritative for rankings and subsidies."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="insurance_months")
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    insured_count = models.PositiveIntegerField(_("insured headcount at month end"))
    new_insured = models.PositiveIntegerField(_("newly insured"), default=0)
    ui_premium_due = models.DecimalField(
        _("unemployment-insurance premium due (yuan)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    ui_premium_paid = models.DecimalField(
        _("unemployment-insurance premium paid (yuan)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    ui_new_claimants = models.PositiveIntegerField(_("new unemployment-benefit claimants"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["enterprise", "month"]
        verbose_name = _("monthly social-insurance figures")
        verbose_name_plural = _("monthly social-insurance figures")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "month"], name="insurance_month_unique"),
            models.CheckConstraint(condition=models.Q(ui_premium_due__gte=0) & models.Q(ui_premium_paid__gte=0), name="insurance_premiums_not_negative"),
        ]
        indexes = [models.Index(fields=["month", "enterprise"], name="insurance_month_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.month:%Y-%m}"


class EmploymentReport(models.Model):
    """The enterprise's own monthly employment report, checked against the previous month."""

    class Source(models.TextChoices):
        PORTAL = "portal", _("Enterprise portal")
        IMPORT = "import", _("Import")
        STAFF = "staff", _("Entered by staff")

    class Consistency(models.TextChoices):
        OK = "ok", _("Consistent")
        INCONSISTENT = "inconsistent", _("Inconsistent with the previous month")
        NO_PREVIOUS = "no_previous", _("No previous month to compare")

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="employment_reports")
    month = models.DateField(_("month"))
    headcount = models.PositiveIntegerField(_("headcount at month end"))
    new_hires = models.PositiveIntegerField(_("new hires"))
    separations = models.PositiveIntegerField(_("separations"))
    layoffs = models.PositiveIntegerField(_("layoffs"), help_text=_("Part of the separations."))
    vacancies = models.PositiveIntegerField(_("vacancies"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.PORTAL)
    consistency = models.CharField(_("consistency"), max_length=14, choices=Consistency.choices, default=Consistency.NO_PREVIOUS)
    consistency_note = models.CharField(_("consistency note"), max_length=300, blank=True)
    explanation = models.TextField(_("enterprise's explanation"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["enterprise", "-month"]
        verbose_name = _("monthly employment report")
        verbose_name_plural = _("monthly employment reports")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "month"], name="employment_report_unique"),
            models.CheckConstraint(condition=models.Q(layoffs__lte=models.F("separations")), name="report_layoffs_within_separations"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.month:%Y-%m}"


class LabourDispute(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", pgettext_lazy("case status", "Closed")

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="labour_disputes")
    case_number = models.CharField(_("case number"), max_length=60, unique=True)
    filed_date = models.DateField(_("filed on"))
    workers_involved = models.PositiveIntegerField(_("workers involved"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-filed_date"]
        verbose_name = _("labour dispute")
        verbose_name_plural = _("labour disputes")
        indexes = [models.Index(fields=["enterprise", "filed_date"], name="dispute_ent_date_idx")]

    def __str__(self) -> str:
        return self.case_number
