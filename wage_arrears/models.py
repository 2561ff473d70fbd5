"""Wage-arrears (欠薪) complaints: QR sites, complaints and their evidence, group cases, joint
reception sessions (连鼓清零), the blacklist, and the data that drives deadlines and routing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingtai_jobs.core import clock


class Sector(models.TextChoices):
    CONSTRUCTION = "construction", pgettext_lazy("kind of work", "Construction")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    SERVICES = "services", pgettext_lazy("kind of work", "Services")
    TRANSPORT = "transport", pgettext_lazy("kind of work", "Transport")
    WATER = "water", _("Water works")
    URBAN = "urban", _("Urban works")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    QR = "qr", _("QR code / online form")
    API = "api", _("API")
    HOTLINE = "hotline", _("Hotline")
    SESSION = "session", _("Joint reception session")
    LETTER = "letter", _("Letter")
    NATIONAL_PLATFORM = "national", _("National wage-arrears clue platform")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    ASSIGNED = "assigned", _("Assigned")
    IN_CONTACT = "in_contact", _("In contact")
    VERIFIED = "verified", _("Verified")
    HANDLED = "handled", _("Handled")
    RESOLVED = "resolved", _("Resolved")
    INFORMED = "informed", _("Complainant informed")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")


OPEN_STATUSES = (
    Status.SUBMITTED, Status.ACCEPTED, Status.ASSIGNED, Status.IN_CONTACT, Status.VERIFIED, Status.HANDLED,
    Status.RESOLVED, Status.INFORMED,
)


class NotAcceptedReason(models.TextChoices):
    TOO_OLD = "too_old", _("Arrears older than the accepted limit")
    NO_EMPLOYER = "no_employer", _("No identifiable employer")
    OUTSIDE_JURISDICTION = "outside", _("Outside jurisdiction (transferred)")


class Outcome(models.TextChoices):
    ORDERED_TO_PAY = "ordered", _("Ordered to pay")
    CASE_FILED = "filed", _("Case filed")
    REFERRED_TO_POLICE = "police", _("Referred to police")


class DeadlineFlag(models.TextChoices):
    OK = "ok", _("On time")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class SectorRoute(models.Model):
    """Which department handles a sector (construction → 住建, ...), editable by city staff."""

    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, unique=True)
    department = models.ForeignKey("core.Department", verbose_name=_("department"), on_delete=models.PROTECT)

    class Meta:
        ordering = ["sector"]
        verbose_name = _("sector route")
        verbose_name_plural = _("sector routes")

    def __str__(self) -> str:
        return f"{self.get_sector_display()} → {self.department}"


class Site(models.Model):
    """A construction project or workplace with its own QR poster."""

    token = models.CharField(_("token"), max_length=16, unique=True, editable=False)
    name = models.CharField(_("project or workplace"), max_length=200)
    address = models.CharField(_("address"), max_length=200)
    employer_name = models.CharField(_("employer"), max_length=200)
    employer_uscc = models.CharField(_("employer USCC (统一社会信用代码)"), max_length=18, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="wage_sites",
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, default=Sector.CONSTRUCTION)
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="wage_sites")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.token:
            import secrets

            self.token = secrets.token_urlsafe(9)[:12]
        super().save(*args, **kwargs)


class DepartmentContact(models.Model):
    """How a complainant reaches the handling department in a county (shown on the tracking page)."""

    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.CASCADE,
                               related_name="wage_department_contacts")
    department = models.ForeignKey("core.Department", verbose_name=_("department"), on_delete=models.CASCADE,
                                   related_name="wage_contacts")
    phone = models.CharField(_("contact phone"), max_length=50)
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        ordering = ["region__code", "department__sort_order"]
        verbose_name = _("department contact")
        verbose_name_plural = _("department contacts")
        constraints = [models.UniqueConstraint(fields=["region", "department"], name="wage_contact_region_dept")]

    def __str__(self) -> str:
        return f"{self.region} {self.department}"


class ClearanceSnapshot(models.Model):
    """Open and overdue cases of a region at the daily deadline sweep: the 清零 board's history."""

    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.CASCADE,
                               related_name="wage_snapshots")
    on = models.DateField(_("date"))
    open = models.PositiveIntegerField(pgettext_lazy("cases", "open"))
    overdue = models.PositiveIntegerField(_("overdue"))

    class Meta:
        ordering = ["-on", "region__code"]
        verbose_name = _("clearance snapshot")
        verbose_name_plural = _("clearance snapshots")
        constraints = [models.UniqueConstraint(fields=["region", "on"], name="wage_snapshot_region_on")]

    def __str__(self) -> str:
        return f"{self.region} {self.on}"


class ComplaintGroup(models.Model):
    """Complaints against the same employer and project merged into one case (群体欠薪)."""

    employer_name = models.CharField(_("employer"), max_length=200)
    project_name = models.CharField(_("project"), max_length=200, blank=True)
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("group case")
        verbose_name_plural = _("group cases")

    def __str__(self) -> str:
        return f"G{self.pk} {self.employer_name}"


class ReceptionSession(models.Model):
    """The Friday-afternoon joint reception session (连鼓清零) of one region."""

    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="wage_sessions")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    departments = models.ManyToManyField("core.Department", verbose_name=_("departments present"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    held = models.BooleanField(_("held"), default=False)

    class Meta:
        ordering = ["-date", "region__code"]
        verbose_name = _("joint reception session")
        verbose_name_plural = _("joint reception sessions")
        constraints = [models.UniqueConstraint(fields=["region", "date"], name="wage_session_region_date")]

    def __str__(self) -> str:
        return f"{self.region} {self.date}"


class Complaint(models.Model):
    tracking_code = models.CharField(_("tracking code"), max_length=12)
    submission_key = models.UUIDField(_("submission key"), null=True, blank=True, unique=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.QR)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.SUBMITTED)
    # complainant (confidential)
    complainant_name = models.CharField(_("complainant name"), max_length=50)
    complainant_phone = models.CharField(_("complainant mobile"), max_length=20)
    complainant_id_number = models.CharField(_("complainant resident ID"), max_length=18, blank=True)
    workers_affected = models.PositiveIntegerField(_("workers owed (incl. complainant)"), default=1)
    # employer and place
    employer_name = models.CharField(_("employer"), max_length=200)
    employer_name_normalized = models.CharField(max_length=200, editable=False)
    employer_uscc = models.CharField(_("employer USCC"), max_length=18, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("matched enterprise"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="wage_complaints",
    )
    project_name = models.CharField(_("project or workplace"), max_length=200, blank=True)
    project_normalized = models.CharField(max_length=200, blank=True, editable=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    site = models.ForeignKey(Site, verbose_name=_("site"), null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints")
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="wage_complaints",
                               db_index=False)  # led by wage_region_status_idx
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("handling department"), on_delete=models.PROTECT, related_name="wage_complaints"
    )
    period_start = models.DateField(_("owed from (month)"))
    period_end = models.DateField(_("owed to (month)"))
    amount_owed = models.DecimalField(_("amount owed (yuan)"), max_digits=12, decimal_places=2)
    description = models.TextField(_("description"), blank=True)
    # handling
    received_on = models.DateField(_("received on"))
    accept_due = models.DateField(_("acceptance due"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    not_accepted_reason = models.CharField(_("reason not accepted"), max_length=12, choices=NotAcceptedReason.choices, blank=True)
    transferred_to = models.CharField(_("transferred to"), max_length=200, blank=True)
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="wage_cases",
    )
    first_contact_due = models.DateField(_("first contact due"), null=True, blank=True)
    contacted_on = models.DateField(_("first contact on"), null=True, blank=True)
    contact_note = models.TextField(_("contact record"), blank=True)
    resolve_due = models.DateField(_("resolution due"), null=True, blank=True)
    extended = models.BooleanField(_("extended"), default=False)
    extension_reason = models.TextField(_("extension reason"), blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    findings = models.TextField(_("findings (核查)"), blank=True)
    substantiated = models.BooleanField(_("arrears substantiated"), default=False)
    substantiated_on = models.DateField(_("substantiated on"), null=True, blank=True)
    outcome = models.CharField(_("handling"), max_length=10, choices=Outcome.choices, blank=True)
    amount_recovered = models.DecimalField(_("amount recovered (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    workers_paid = models.PositiveIntegerField(_("workers paid"), null=True, blank=True)
    resolved_on = models.DateField(_("paid on"), null=True, blank=True)
    informed_on = models.DateField(_("complainant informed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    deadline_flag = models.CharField(_("deadline"), max_length=10, choices=DeadlineFlag.choices, default=DeadlineFlag.OK)
    escalated_on = models.DateField(_("escalated to city on"), null=True, blank=True)
    group = models.ForeignKey(ComplaintGroup, verbose_name=_("group case"), null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints")
    group_suggested = models.BooleanField(_("group case suggested"), default=False)
    session = models.ForeignKey(
        ReceptionSession, verbose_name=_("reception session"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="complaints",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("wage-arrears complaint")
        verbose_name_plural = _("wage-arrears complaints")
        # Explicit indexes only (no varchar_pattern_ops twins: nothing here is searched by prefix);
        # every index is paid for on each intake insert.
        indexes = [
            models.Index(fields=["region", "status"], name="wage_region_status_idx"),
            models.Index(fields=["status"], name="wage_status_idx"),
            models.Index(fields=["deadline_flag"], name="wage_deadline_flag_idx"),
            models.Index(fields=["employer_uscc"], name="wage_employer_uscc_idx"),
            # group-case look-alikes: same employer, same project, recent
            models.Index(fields=["employer_name_normalized", "project_normalized", "received_on"],
                         name="wage_group_match_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["tracking_code"], name="wage_tracking_code_unique"),
            models.CheckConstraint(condition=models.Q(amount_owed__gt=0), name="wage_amount_positive"),
            models.CheckConstraint(condition=models.Q(workers_affected__gte=1), name="wage_workers_positive"),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def evidence_path(instance, filename: str) -> str:
    """Random stored names: the original name (which may carry personal data) stays in the row only."""
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"wage_arrears/evidence/{clock.today():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Evidence(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    original_name = models.CharField(_("original name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class StatusStep(models.Model):
    """One step shown to the complainant on the tracking page (no staff names, no personal data)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("status"), max_length=14, choices=Status.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("status step")
        verbose_name_plural = _("status steps")

    def __str__(self) -> str:
        return f"{self.on} {self.status}"


class BlacklistEntry(models.Model):
    """拖欠农民工工资失信联合惩戒名单: listed for a number of years (policy), early removal on
    request some months after paying."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="wage_blacklist")
    complaint = models.ForeignKey(Complaint, verbose_name=_("substantiated case"), on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    listed_on = models.DateField(_("listed on"))
    listed_until = models.DateField(_("listed until"))
    paid_on = models.DateField(_("arrears paid on"), null=True, blank=True)
    removal_requested_on = models.DateField(_("early removal requested on"), null=True, blank=True)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.TextField(_("removal reason"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-listed_on"]
        verbose_name = _("blacklist entry")
        verbose_name_plural = _("blacklist entries")

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.listed_on}–{self.listed_until}"
