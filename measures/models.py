"""The register of the 23 measures of 邢人社办〔2024〕84号: measures and their indicators (the yearly
targets are kernel policy figures: measures/policy.py), county reports with evidence,
weekly snapshots, and the small registries of the work done outside the portal (measures 4, 5,
10, 11, 15, 16, 19, 20).

Data shape only: every write goes through ``measures.services``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Measure(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    lead_office = models.CharField(_("lead office"), max_length=100)
    lead_office_confirmed = models.BooleanField(
        _("lead office confirmed"), default=False,
        help_text=_("The policy text names no lead office for any measure: the office shown is the bureau's provisional "
                    "assignment until staff confirm it here."))
    clause = models.TextField(_("source clause"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Indicator(models.Model):
    class Source(models.TextChoices):
        COMPUTED = "computed", _("Computed from portal data")
        REGISTRY = "registry", _("Counted in a registry")
        REPORTED = "reported", _("Reported by counties")

    class Schedule(models.TextChoices):
        PRO_RATA = "pro_rata", _("Evenly over the year")
        FIXED_MONTHS = "fixed_months", _("In fixed months")

    class Unit(models.TextChoices):
        COUNT = "count", _("count")
        YUAN = "yuan", _("yuan")
        PERCENT = "percent", _("percent")

    measure = models.ForeignKey(Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=10, help_text=_("As the policy writes it, e.g. 个, 场, 人, 元, %."))
    kind = models.CharField(_("kind of figure"), max_length=8, choices=Unit.choices, default=Unit.COUNT)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    source_name = models.CharField(_("source name"), max_length=60,
                                   help_text=_("The named selector, registry count or report series the value comes from."))
    schedule = models.CharField(_("schedule"), max_length=12, choices=Schedule.choices, default=Schedule.PRO_RATA)
    scheduled_months = models.CharField(_("scheduled months"), max_length=40, blank=True,
                                        help_text=_("For fixed months: the months, e.g. 3,5,7,9,12."))
    definition = models.TextField(_("definition"), help_text=_("What is counted, from which data, as of when."))
    breakdown = models.CharField(_("county breakdown in the policy"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["measure__number", "order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.measure.number}·{self.name}"

    @property
    def months(self) -> list[int]:
        return [int(m) for m in (part.strip() for part in self.scheduled_months.split(",")) if m.isascii() and m.isdigit() and len(m) <= 2]


def evidence_path(instance, filename: str) -> str:
    import uuid
    from pathlib import Path

    return f"measures/evidence/{instance.indicator_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:8]}"


class Report(models.Model):
    """A county's (or the city's) figure for a period, with evidence; city staff approve or return it.
    Approved reports add up; an approved report is never edited, only superseded with a reason."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
        APPROVED = "approved", pgettext_lazy("report status", "Approved")
        RETURNED = "returned", pgettext_lazy("report status", "Returned")
        SUPERSEDED = "superseded", pgettext_lazy("report status", "Superseded")

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="reports")
    region = models.ForeignKey("core.Region", verbose_name=_("county"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", help_text=_("Empty for a city-level figure."))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    value = models.DecimalField(_("figure"), max_digits=14, decimal_places=2)
    evidence = models.FileField(_("evidence file"), upload_to=evidence_path, blank=True)
    evidence_link = models.URLField(_("evidence link"), blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    supersedes = models.ForeignKey("self", verbose_name=_("supersedes"), null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="corrections")
    reason = models.TextField(_("reason for superseding"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="measures_report_nonneg"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="measures_report_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.region or '—'} {self.period_start}–{self.period_end}: {self.value}"


class Snapshot(models.Model):
    """The weekly copy of every indicator, so the trend stays as it was seen when data is corrected."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="snapshots")
    year = models.PositiveSmallIntegerField(_("year"))
    taken_on = models.DateField(_("taken on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True)
    status = models.CharField(_("status"), max_length=12)

    class Meta:
        ordering = ["indicator", "taken_on"]
        verbose_name = _("weekly snapshot")
        verbose_name_plural = _("weekly snapshots")
        constraints = [models.UniqueConstraint(fields=["indicator", "year", "taken_on"], name="measures_snapshot_uniq")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.taken_on}: {self.value}"


# --- registries ----------------------------------------------------------------------------------


class RegistryRecord(models.Model):
    """What every registry row has: its county, who entered it, and city approval (only approved
    rows count towards an indicator)."""

    region = models.ForeignKey("core.Region", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    approved = models.BooleanField(_("approved"), default=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class TrainingClass(RegistryRecord):
    """Measure 4: a school-enterprise cooperation class (校企合作)."""

    class Mode(models.TextChoices):
        INTEGRATED = "integrated", _("Work-study integration (工学一体)")
        ORDER = "order", _("Order class (订单班)")
        APPRENTICE = "apprentice", _("New enterprise apprenticeship (企业新型学徒制)")
        OTHER = "other", _("Other")

    school = models.CharField(pgettext_lazy("registry", "school"), max_length=100)
    enterprise = models.CharField(_("enterprise"), max_length=200)
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices)
    category = models.CharField(_("class category"), max_length=60,
                                help_text=_("The category (类) the class counts under, e.g. 先进制造."))
    occupation = models.CharField(_("occupation"), max_length=100)
    start = models.DateField(_("starts on"))
    end = models.DateField(_("ends on"))
    enrolled = models.PositiveIntegerField(_("trainees enrolled"))
    completed = models.PositiveIntegerField(_("trainees completed"), default=0)

    class Meta:
        ordering = ["-start", "school"]
        verbose_name = _("school-enterprise class")
        verbose_name_plural = _("school-enterprise classes")
        constraints = [
            models.UniqueConstraint(fields=["school", "enterprise", "occupation", "start"], name="measures_class_uniq"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="measures_class_period"),
            models.CheckConstraint(condition=Q(completed__lte=models.F("enrolled")), name="measures_class_completed"),
        ]

    def __str__(self) -> str:
        return f"{self.school}–{self.enterprise} {self.occupation}"


class EvaluationBody(RegistryRecord):
    """Measure 4: a skills-evaluation body with its filing (备案) and quality-evaluation result."""

    class Quality(models.TextChoices):
        PENDING = "pending", _("Not evaluated yet")
        EXCELLENT = "excellent", _("Excellent")
        QUALIFIED = "qualified", _("Qualified")
        RECTIFY = "rectify", _("To rectify")
        UNQUALIFIED = "unqualified", _("Unqualified")

    name = models.CharField(_("name"), max_length=200, unique=True)
    filing_number = models.CharField(_("filing number (备案)"), max_length=60)
    filed_on = models.DateField(pgettext_lazy("registry", "filed on"))
    occupations = models.CharField(_("occupations evaluated"), max_length=300, blank=True)
    quality = models.CharField(_("quality evaluation"), max_length=12, choices=Quality.choices, default=Quality.PENDING)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skills-evaluation body")
        verbose_name_plural = _("skills-evaluation bodies")

    def __str__(self) -> str:
        return self.name


class Competition(RegistryRecord):
    """Measure 5: a skills competition."""

    class Level(models.TextChoices):
        CITY_1 = "city_1", _("City class I (市级一类)")
        CITY_2 = "city_2", _("City class II (市级二类)")
        INDUSTRY = "industry", _("Industry (行业)")
        COUNTY = "county", _("County (县级)")
        ENTERPRISE = "enterprise", _("Enterprise (企业)")

    CITY_LEVELS = (Level.CITY_1, Level.CITY_2)

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("class"), max_length=10, choices=Level.choices)
    industry = models.CharField(_("industry"), max_length=60)
    date = models.DateField(_("date"))
    organiser = models.CharField(_("organiser"), max_length=200)
    participants = models.PositiveIntegerField(_("participants"))
    winners = models.PositiveIntegerField(_("winners"), default=0)

    class Meta:
        ordering = ["-date", "name"]
        verbose_name = _("skills competition")
        verbose_name_plural = _("skills competitions")
        constraints = [
            models.UniqueConstraint(fields=["name", "date"], name="measures_competition_uniq"),
            models.CheckConstraint(condition=Q(winners__lte=models.F("participants")), name="measures_competition_winners"),
        ]

    def __str__(self) -> str:
        return self.name


class Craftsman(RegistryRecord):
    """Measure 10: a 太行泉城 工匠之星. Public: name, employer, occupation and achievements as published."""

    name = models.CharField(_("name"), max_length=50)
    employer = models.CharField(_("employer"), max_length=200)
    occupation = models.CharField(_("occupation"), max_length=100)
    achievements = models.TextField(_("achievements"))
    publicity_date = models.DateField(_("publicity date"))

    class Meta:
        ordering = ["-publicity_date", "name"]
        verbose_name = _("craftsman star (工匠之星)")
        verbose_name_plural = _("craftsman stars (工匠之星)")
        constraints = [models.UniqueConstraint(fields=["name", "employer", "publicity_date"], name="measures_craftsman_uniq")]

    def __str__(self) -> str:
        return self.name


class VolunteerQuota(RegistryRecord):
    """Measure 11: one county's 三支一扶 quota and recruitment for a year, and what became of them."""

    year = models.PositiveSmallIntegerField(_("year"))
    quota = models.PositiveIntegerField(_("quota"))
    recruited = models.PositiveIntegerField(_("recruited"), default=0)
    in_service = models.PositiveIntegerField(_("in service"), default=0)
    completed = models.PositiveIntegerField(_("service completed"), default=0)
    hired_after = models.PositiveIntegerField(_("hired by public institutions afterwards"), default=0)
    as_of = models.DateField(_("figures as of"))

    class Meta:
        ordering = ["-year", "region__code"]
        verbose_name = _("三支一扶 county figures")
        verbose_name_plural = _("三支一扶 county figures")
        constraints = [
            models.UniqueConstraint(fields=["year", "region"], name="measures_volunteer_uniq"),
            models.CheckConstraint(condition=Q(hired_after__lte=models.F("completed")), name="measures_volunteer_hired"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"


class LabourBrand(RegistryRecord):
    """Measure 15: a labour brand (劳务品牌)."""

    class Level(models.TextChoices):
        PROVINCIAL = "provincial", _("Provincial (省级)")
        MUNICIPAL = "municipal", _("Municipal (市级)")
        COUNTY = "county", _("County (县级)")

    name = models.CharField(_("name"), max_length=100, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    industry = models.CharField(_("industry"), max_length=60)
    recognised_on = models.DateField(_("recognised on"))
    workers_placed = models.PositiveIntegerField(_("workers placed"), default=0)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("labour brand")
        verbose_name_plural = _("labour brands")

    def __str__(self) -> str:
        return self.name


class ServicePoint(RegistryRecord):
    """Measure 16: a demonstration grass-roots service point, or a provincial full-employment community."""

    class Kind(models.TextChoices):
        DEMONSTRATION = "demonstration", _("Demonstration service point (示范性基层服务网点)")
        COMMUNITY = "community", _("Provincial full-employment community (省级充分就业社区)")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=200)
    designated_on = models.DateField(_("designated on"))

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        constraints = [models.UniqueConstraint(fields=["region", "name", "kind"], name="measures_point_uniq")]

    def __str__(self) -> str:
        return self.name


class ZeroEmploymentCount(RegistryRecord):
    """Measure 16: a county's count of zero-employment families (零就业家庭) at a month's end."""

    month = models.DateField(_("month"), help_text=_("First day of the month."))
    families = models.PositiveIntegerField(_("zero-employment families"))

    class Meta:
        ordering = ["-month", "region__code"]
        verbose_name = _("zero-employment family count")
        verbose_name_plural = _("zero-employment family counts")
        constraints = [models.UniqueConstraint(fields=["region", "month"], name="measures_zero_uniq")]

    def __str__(self) -> str:
        return f"{self.region} {self.month:%Y-%m}: {self.families}"

    @property
    def cleared(self) -> bool:
        return self.families == 0


class FirstLesson(RegistryRecord):
    """Measure 19: a 开工第一课 session."""

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200)
    enterprises = models.PositiveIntegerField(_("enterprises attending"), default=0)
    workers = models.PositiveIntegerField(_("workers attending"), default=0)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("开工第一课 session")
        verbose_name_plural = _("开工第一课 sessions")
        constraints = [models.UniqueConstraint(fields=["region", "date", "title"], name="measures_lesson_uniq")]

    def __str__(self) -> str:
        return f"{self.title} {self.date}"


class HarmoniousUnit(RegistryRecord):
    """Measure 19: a provincial harmonious labour-relations unit (和谐劳动关系单位)."""

    class Level(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        PARK = "park", _("Industrial park")
        TOWNSHIP = "township", _("Township")

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    year_awarded = models.PositiveSmallIntegerField(_("year awarded"))
    awarded_on = models.DateField(_("awarded on"))

    class Meta:
        ordering = ["-year_awarded", "level", "name"]
        verbose_name = _("harmonious labour-relations unit")
        verbose_name_plural = _("harmonious labour-relations units")
        constraints = [models.UniqueConstraint(fields=["name", "year_awarded"], name="measures_harmonious_uniq")]

    def __str__(self) -> str:
        return self.name


class GigInsurancePeriod(RegistryRecord):
    """Measure 20: 零工宝 enrolment for a period as reported by the insurer (the product is outside the portal)."""

    class Cover(models.TextChoices):
        WORK_INJURY = "work_injury", _("Supplementary work-injury insurance (基本补充工伤保险)")
        OCCUPATIONAL = "occupational", _("Occupational injury insurance for new forms of employment (职业伤害保险)")
        ACCIDENT = "accident", _("Accident insurance for new citizens (新市民意外伤害保险)")

    insurer = models.CharField(_("insurer"), max_length=100)
    cover = models.CharField(_("cover"), max_length=14, choices=Cover.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    persons_covered = models.PositiveIntegerField(_("persons covered"))
    claims = models.PositiveIntegerField(_("claims"), default=0)
    claims_paid = models.DecimalField(_("claims paid (yuan)"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        ordering = ["-period_start", "cover"]
        verbose_name = _("零工宝 enrolment report")
        verbose_name_plural = _("零工宝 enrolment reports")
        constraints = [
            models.UniqueConstraint(fields=["region", "cover", "period_start"], name="measures_gig_uniq"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="measures_gig_period"),
            models.CheckConstraint(condition=Q(claims_paid__gte=0), name="measures_gig_paid_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.get_cover_display()} {self.period_start:%Y-%m}"


REGISTRY_MODELS = (TrainingClass, EvaluationBody, Competition, Craftsman, VolunteerQuota, LabourBrand, ServicePoint,
                   ZeroEmploymentCount, FirstLesson, HarmoniousUnit, GigInsurancePeriod)
