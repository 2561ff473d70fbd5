"""Shared kernel data: regions, departments, users with roles, the audit log, calendar overrides
and progress records for long-running work."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Region(models.Model):
    """A county-level unit of Xingtai (县(市、区)) or one of the two development zones."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("District")
        COUNTY = "county", _("County")
        COUNTY_CITY = "county_city", _("County-level city")
        ZONE = "zone", _("Development zone")

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    min_wage_tier = models.PositiveSmallIntegerField(_("minimum-wage tier"), default=2)
    legacy_codes = models.CharField(
        _("legacy codes"), max_length=100, blank=True, help_text=_("Former codes still found in ID numbers, comma separated.")
    )
    hotline = models.CharField(_("wage-arrears hotline"), max_length=50, blank=True)
    address = models.CharField(_("complaint reception address"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Department(models.Model):
    """A department taking part in wage-arrears handling (人社, 住建, 城管, 交通, 水务, ...)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. What they may do comes from the role (and its group of permissions);
    which rows they may see comes from the region, department or enterprise scope."""

    class Role(models.TextChoices):
        CITY_STAFF = "city_staff", _("City staff")
        COUNTY_STAFF = "county_staff", _("County staff")
        DEPARTMENT_LIAISON = "dept_liaison", _("Department liaison")
        ENTERPRISE_USER = "enterprise_user", _("Enterprise user")
        CITIZEN = "citizen", _("Citizen")

    STAFF_ROLES = (Role.CITY_STAFF, Role.COUNTY_STAFF, Role.DEPARTMENT_LIAISON)

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CITIZEN)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="county_staff") | models.Q(region__isnull=False),
                name="county_staff_has_region",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="dept_liaison") | (models.Q(region__isnull=False) & models.Q(department__isnull=False)),
                name="liaison_has_region_and_department",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="enterprise_user") | models.Q(enterprise__isnull=False),
                name="enterprise_user_has_enterprise",
            ),
        ]

    # --- role helpers (cheap, no queries) -----------------------------------------------------
    @property
    def is_city_staff(self) -> bool:
        return self.is_superuser or self.role == self.Role.CITY_STAFF

    @property
    def is_county_staff(self) -> bool:
        return self.role == self.Role.COUNTY_STAFF and not self.is_superuser

    @property
    def is_department_liaison(self) -> bool:
        return self.role == self.Role.DEPARTMENT_LIAISON and not self.is_superuser

    @property
    def is_bureau_staff(self) -> bool:
        """City or county staff of the bureau (not department liaisons)."""
        return self.is_city_staff or self.is_county_staff

    @property
    def is_enterprise_user(self) -> bool:
        return self.role == self.Role.ENTERPRISE_USER and not self.is_superuser

    def save(self, *args, **kwargs):
        if self.role in self.STAFF_ROLES:
            self.is_staff = True
        elif not self.is_superuser:
            self.is_staff = False
        super().save(*args, **kwargs)


class AuditEvent(models.Model):
    """One thing that happened: a state change, an import, or a view of a full personal value."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_repr = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    ip = models.GenericIPAddressField(_("source IP"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def label(self) -> str:
        """The action's readable label (``xingtai_jobs.core.audit.action_label``)."""
        from xingtai_jobs.core.audit import action_label

        return action_label(self.action)


class CalendarOverride(models.Model):
    """A correction to the official working-day calendar, or data for a year that the
    chinese-calendar package does not know yet (the State Council publishes each year's holidays
    in November of the year before)."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.date} {'workday' if self.is_working_day else 'holiday'}"


class TaskRun(models.Model):
    """Progress of a long piece of work (screening, ranking, payout run, import) shown to staff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    label = models.CharField(_("label"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    message = models.TextField(_("message"), blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")

    def __str__(self) -> str:
        return self.label

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))


class PolicyFigure(models.Model):
    """One value of one declared policy figure for one effective window (``xingtai_jobs.core.policy``).

    ``key`` is ``"<namespace>.<name>"`` of a figure an app declared in its ``policy.py``; ``value`` is
    its canonical text, parsed by the declared kind. A figure may have several rows with windows that
    do not overlap; ``version`` grows by one at every edit (the audit log keeps each before/after)."""

    key = models.CharField(pgettext_lazy("policy figure", "figure"), max_length=120, db_index=True)
    value = models.CharField(_("value"), max_length=300)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source (clause or document)"), max_length=300)
    confirmed = models.BooleanField(
        _("source confirmed"), default=False,
        help_text=_("Unticked: a provisional default awaiting the bureau's confirmation."))
    version = models.PositiveIntegerField(_("version"), default=1)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        ordering = ["key", "-valid_from"]
        verbose_name = _("policy figure")
        verbose_name_plural = _("policy figures")
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="policy_figure_key_from_uniq"),
            models.CheckConstraint(condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                                   name="policy_figure_window_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.key}={self.value} ({self.valid_from}–{self.valid_to or '…'})"
