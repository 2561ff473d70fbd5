"""Recruitment (measures 12, 13, 14, 17): events and job fairs, livestreams, job postings,
registrations with QR tickets, employment intentions, recommendation officers (岗位推荐官), the
graduate real-name ledger (实名台账) with the 1131 service package, internship posts (见习岗位).

Data shape only: every write goes through ``recruitment.services``."""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# --- yearly targets ----------------------------------------------------------------------------


# --- shared choices ----------------------------------------------------------------------------


class Education(models.TextChoices):
    ANY = "any", _("Any")
    JUNIOR = "junior", _("Junior secondary")
    SENIOR = "senior", _("Senior secondary / vocational")
    COLLEGE = "college", _("College (大专)")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master or above")


# --- events ------------------------------------------------------------------------------------


class Series(models.Model):
    """A brand series of events, e.g. "相遇太行泉城，职来不问归期"."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_brand = models.BooleanField(_("counts toward the brand-event target"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("event series")
        verbose_name_plural = _("event series")

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    class Kind(models.TextChoices):
        ONSITE = "onsite", _("On-site job fair")
        ONLINE = "online", _("Online job fair")
        LIVESTREAM = "livestream", _("Livestream recruitment (直播带岗)")
        NIGHT_FAIR = "night_fair", _("Talent night fair (人才星空夜市)")
        CAMPUS = "campus", _("Campus fair")
        GRADUATE = "graduate", _("Graduate special fair")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ONGOING = "ongoing", _("Ongoing")
        CLOSED = "closed", pgettext_lazy("event status", "Closed")
        RESULTS = "results", _("Results recorded")

    GRADUATE_KINDS = (Kind.CAMPUS, Kind.GRADUATE)
    OPEN_STATUSES = (Status.PUBLISHED, Status.ONGOING)

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    series = models.ForeignKey(Series, verbose_name=_("brand series"), null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    for_graduates = models.BooleanField(_("aimed at graduates"), default=False)
    region = models.ForeignKey("core.Region", verbose_name=_("organising region"), on_delete=models.PROTECT, related_name="recruitment_events")
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    stream_url = models.URLField(_("stream link"), blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity (job seekers)"))
    confirmed_count = models.PositiveIntegerField(_("confirmed registrations"), default=0, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    description = models.TextField(_("description"), blank=True)
    poster = models.ImageField(_("poster"), upload_to="recruitment/posters/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("recruitment event")
        verbose_name_plural = _("recruitment events")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="rec_event_ends_after_start"),
            models.CheckConstraint(condition=Q(confirmed_count__lte=models.F("capacity")), name="rec_event_not_overbooked"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.confirmed_count)

    @property
    def is_open_for_registration(self) -> bool:
        return self.status in self.OPEN_STATUSES


class EventParticipant(models.Model):
    """An enterprise signed up for an event (staff approve)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", pgettext_lazy("review status", "Rejected")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participants")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="event_participations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    booth = models.CharField(_("booth"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("participating enterprise")
        verbose_name_plural = _("participating enterprises")
        constraints = [models.UniqueConstraint(fields=["event", "enterprise"], name="rec_participant_uniq")]

    def __str__(self) -> str:
        return f"{self.enterprise.name} @ {self.event_id}"


class JobPosting(models.Model):
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="job_postings")
    title = models.CharField(_("title"), max_length=120)
    occupation = models.CharField(_("occupation"), max_length=60, db_index=True)
    headcount = models.PositiveIntegerField(pgettext_lazy("job posting", "headcount"))
    education = models.CharField(_("education required"), max_length=10, choices=Education.choices, default=Education.ANY)
    experience_years = models.PositiveSmallIntegerField(_("years of experience required"), default=0)
    pay_min = models.DecimalField(_("minimum pay (yuan/month)"), max_digits=9, decimal_places=2)
    pay_max = models.DecimalField(_("maximum pay (yuan/month)"), max_digits=9, decimal_places=2)
    region = models.ForeignKey("core.Region", verbose_name=_("work region"), on_delete=models.PROTECT, related_name="job_postings")
    description = models.TextField(_("description"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    is_active = models.BooleanField(_("active"), default=True)
    events = models.ManyToManyField(Event, verbose_name=_("events"), blank=True, related_name="postings")
    search_text = models.CharField(_("search text"), max_length=400, blank=True, editable=False,
                                   help_text=_("Title, occupation and employer name, kept by the services for keyword search."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        constraints = [
            models.CheckConstraint(condition=Q(pay_max__gte=models.F("pay_min")), name="rec_posting_pay_range"),
            models.CheckConstraint(condition=Q(valid_to__gte=models.F("valid_from")), name="rec_posting_validity"),
        ]
        indexes = [
            models.Index(fields=["is_active", "valid_to", "region"], name="rec_posting_search_idx"),
            # the search's pay filter reads the posting's minimum ("月薪不低于 6000" means pay_min >= 6000)
            models.Index(fields=["pay_min"], name="rec_posting_paymin_idx"),
            models.Index(fields=["-valid_from", "-id"], condition=Q(is_active=True), name="rec_posting_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        employer = self.enterprise.name if self.enterprise_id else ""
        return " ".join(filter(None, [self.title, self.occupation, employer]))[:400]

class Who(NamedTuple):
    """Who registered: the registry's person once linked, else the registration's own values."""

    name: str
    resident_id: str
    phone: str


class Registration(models.Model):
    """A job seeker's place at an event. ``phone`` is the number the ticket was issued to (its look-up
    key and the one-registration-per-phone rule), always kept. The name and resident ID given are
    kept only while no registry person matches (resident ID and name, else a mobile only one person
    has and the name); once linked they are blank and read from the person: ``who()``, for every reader."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations")
    name = models.CharField(_("name"), max_length=50, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20)
    resident_id = models.CharField(_("resident ID number"), max_length=18, blank=True)
    # the ticket is found again with the last 4 characters of the resident ID given (else with the name)
    id_given = models.BooleanField(_("resident ID given"), default=False, editable=False)
    education = models.CharField(_("education"), max_length=10, choices=Education.choices)
    wanted_occupation = models.CharField(_("wanted occupation"), max_length=60)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    code = models.CharField(_("short code"), max_length=8, unique=True)
    token = models.CharField(_("ticket token"), max_length=32, unique=True)
    ledger_entry = models.ForeignKey("GraduateEntry", verbose_name=_("ledger entry"), null=True, blank=True, on_delete=models.SET_NULL, related_name="registrations")
    person = models.ForeignKey("persons.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="event_registrations")
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked in by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    promoted_at = models.DateTimeField(_("promoted from the waiting list at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "phone"], condition=~Q(status="cancelled"), name="rec_registration_phone_once"),
            # linked: no copy of the person's name or ID; not linked: the name given is the only record
            models.CheckConstraint(condition=Q(person__isnull=True, name__gt="") | Q(person__isnull=False, name="", resident_id=""),
                                   name="rec_registration_one_copy"),
        ]
        indexes = [models.Index(fields=["event", "status", "id"], name="rec_reg_event_status_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.event_id}"

    def who(self) -> Who:
        if self.person_id:
            return Who(self.person.name, self.person.resident_id, self.phone)
        return Who(self.name, self.resident_id, self.phone)


class Intention(models.Model):
    """达成就业意向: a seeker and an employer's posting at an event."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="intentions")
    registration = models.ForeignKey(Registration, verbose_name=_("registration"), on_delete=models.PROTECT, related_name="intentions")
    posting = models.ForeignKey(JobPosting, verbose_name=_("posting"), on_delete=models.PROTECT, related_name="intentions")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="intentions")
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("employment intention")
        verbose_name_plural = _("employment intentions")
        constraints = [models.UniqueConstraint(fields=["registration", "posting"], name="rec_intention_once")]

    def __str__(self) -> str:
        return f"{self.registration_id} → {self.posting_id}"


class JobApplication(models.Model):
    """A job seeker's "contact me about this posting" (投递 / 留下联系方式): what the employer needs to
    call back and nothing more — a name, a mobile number, the education and an optional short note.
    Given with consent (``consented_at``) to pass them to this one employer; one per posting and phone."""

    posting = models.ForeignKey(JobPosting, verbose_name=_("posting"), on_delete=models.PROTECT, related_name="applications")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="job_applications")
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("mobile phone"), max_length=20)
    education = models.CharField(_("education"), max_length=10, choices=Education.choices)
    note = models.CharField(_("note to the employer"), max_length=200, blank=True)
    consented_at = models.DateTimeField(_("consent given at"))
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")
        constraints = [models.UniqueConstraint(fields=["posting", "phone"], name="rec_application_once")]
        indexes = [models.Index(fields=["enterprise", "-created_at"], name="rec_application_ent_idx")]

    def __str__(self) -> str:
        return f"{self.posting_id} · {self.created_at:%Y-%m-%d}" if self.created_at else str(self.posting_id)


class LivestreamResult(models.Model):
    event = models.OneToOneField(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="livestream_result")
    platform = models.CharField(_("platform"), max_length=60)
    hosts = models.CharField(_("hosts"), max_length=200)
    views = models.PositiveIntegerField(_("views"))
    applications = models.PositiveIntegerField(_("applications received"))
    intentions = models.PositiveIntegerField(_("intentions reached"))
    enterprise_visits = models.PositiveIntegerField(_("enterprises visited on the stream"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("livestream result")
        verbose_name_plural = _("livestream results")

    def __str__(self) -> str:
        return f"{self.event_id} {self.platform}"


# --- recommendation officers -------------------------------------------------------------------


class RecommendationOfficer(models.Model):
    """岗位推荐官 registered by an enterprise."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="recommendation_officers")
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("mobile phone"), max_length=20)
    position = models.CharField(_("position"), max_length=60)
    training_date = models.DateField(_("training date"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enterprise", "id"]
        verbose_name = _("recommendation officer (岗位推荐官)")
        verbose_name_plural = _("recommendation officers (岗位推荐官)")
        constraints = [models.UniqueConstraint(fields=["enterprise", "phone"], name="rec_officer_phone_uniq")]

    def __str__(self) -> str:
        return self.name


# --- graduate ledger ---------------------------------------------------------------------------


class GraduateEntry(models.Model):
    """One graduate in the 离校未就业高校毕业生实名台账. Service counters are kept by the services
    (set-based dashboards read them)."""

    class Degree(models.TextChoices):
        COLLEGE = "college", _("College (大专)")
        BACHELOR = "bachelor", _("Bachelor")
        MASTER = "master", _("Master")
        DOCTOR = "doctor", _("Doctor")

    class Hardship(models.TextChoices):
        NONE = "none", _("None")
        SUBSISTENCE = "subsistence", _("Subsistence allowance (低保)")
        ZERO_EMPLOYMENT = "zero_employment", _("Zero-employment family (零就业)")
        POVERTY_WATCH = "poverty_watch", _("Poverty-relapse monitoring (防返贫监测)")
        DISABILITY = "disability", _("Disability")

    class Status(models.TextChoices):
        UNEMPLOYED = "unemployed", _("Unemployed")
        EMPLOYED = "employed", _("Employed")
        STUDY = "study", _("Further study")
        NO_INTENTION = "no_intention", _("No intention for now")
        UNREACHABLE = "unreachable", _("Unreachable")

    # who the graduate is (name, resident ID, mobile, school, education, major, graduation date) is the
    # person's, kept there only; set by the services from the resident ID (never picked in a form)
    person = models.ForeignKey("persons.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="ledger_entries",
                               editable=False)
    household_region = models.ForeignKey("core.Region", verbose_name=_("household region"), on_delete=models.PROTECT, related_name="graduates")
    hardship = models.CharField(_("hardship category"), max_length=20, choices=Hardship.choices, default=Hardship.NONE)
    job_intent = models.CharField(_("job intent"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.UNEMPLOYED, db_index=True)
    caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("caseworker"), null=True, blank=True, on_delete=models.SET_NULL, related_name="graduates")
    # counters maintained by services.service_record_add
    briefings = models.PositiveIntegerField(_("policy briefings"), default=0, editable=False)
    guidance = models.PositiveIntegerField(_("career guidance"), default=0, editable=False)
    referrals = models.PositiveIntegerField(_("job referrals"), default=0, editable=False)
    trainings = models.PositiveIntegerField(_("skills training"), default=0, editable=False)
    internships = models.PositiveIntegerField(_("internships"), default=0, editable=False)
    reached = models.BooleanField(_("reached at least once"), default=False, editable=False)
    last_contact_on = models.DateField(_("last contact attempt"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household_region", "person__name", "id"]
        verbose_name = _("graduate ledger entry")
        verbose_name_plural = _("graduate ledger (实名台账)")
        constraints = [models.UniqueConstraint(fields=["person"], name="rec_graduate_person_once")]

    def __str__(self) -> str:
        return self.person.name

    @property
    def degree(self) -> str:
        """The ledger's degree level (``Degree``) of the person's education; blank below college."""
        return DEGREE_OF_EDUCATION.get(self.person.education, "")


# the ledger's degree levels and the person registry's education (persons.models.Education)
EDUCATION_OF_DEGREE = {GraduateEntry.Degree.COLLEGE: "junior_college", GraduateEntry.Degree.BACHELOR: "bachelor",
                       GraduateEntry.Degree.MASTER: "master", GraduateEntry.Degree.DOCTOR: "doctor"}
DEGREE_OF_EDUCATION = {education: str(degree) for degree, education in EDUCATION_OF_DEGREE.items()}


class ServiceRecord(models.Model):
    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("Policy briefing (政策宣介)")
        GUIDANCE = "guidance", _("Career guidance (职业指导)")
        REFERRAL = "referral", _("Job referral (岗位推介)")
        TRAINING = "training", _("Skills training")
        INTERNSHIP = "internship", _("Internship")
        CONTACT = "contact", _("Contact attempt")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        SMS = "sms", _("SMS")
        WECHAT = "wechat", _("WeChat")
        VISIT = "visit", _("Home visit")
        IN_PERSON = "in_person", _("At the office")
        EVENT = "event", _("At an event")

    entry = models.ForeignKey(GraduateEntry, verbose_name=_("graduate"), on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    reached = models.BooleanField(_("reached"), default=True)
    posting = models.ForeignKey(JobPosting, verbose_name=_("posting"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    placement = models.ForeignKey("InternshipPlacement", verbose_name=_("internship placement"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    registration = models.ForeignKey(Registration, verbose_name=_("event registration"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    intention = models.ForeignKey(Intention, verbose_name=_("intention"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("service record")
        verbose_name_plural = _("service records")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class WorkQueueItem(models.Model):
    """A graduate put in the caseworker's work queue (e.g. not contacted for 30 days)."""

    class Reason(models.TextChoices):
        NOT_CONTACTED = "not_contacted", _("Not contacted recently")

    entry = models.ForeignKey(GraduateEntry, verbose_name=_("graduate"), on_delete=models.CASCADE, related_name="queue_items")
    caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("caseworker"), null=True, blank=True, on_delete=models.SET_NULL, related_name="recruitment_queue")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    queued_on = models.DateField(_("queued on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["-queued_on", "id"]
        verbose_name = _("work-queue item")
        verbose_name_plural = _("work queue")
        constraints = [models.UniqueConstraint(fields=["entry", "reason", "queued_on"], name="rec_queue_once_a_day")]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.reason} {self.queued_on}"


# --- internships -------------------------------------------------------------------------------


class InternshipPost(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", pgettext_lazy("review status", "Rejected")

    host = models.ForeignKey("enterprises.Enterprise", verbose_name=_("host unit"), on_delete=models.PROTECT, related_name="internship_posts")
    title = models.CharField(_("title"), max_length=120)
    positions = models.PositiveIntegerField(_("positions"))
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"))
    stipend = models.DecimalField(_("monthly stipend (yuan)"), max_digits=9, decimal_places=2)
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="internship_posts")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("internship post (见习岗位)")
        verbose_name_plural = _("internship posts (见习岗位)")

    def __str__(self) -> str:
        return self.title


class InternshipPlacement(models.Model):
    post = models.ForeignKey(InternshipPost, verbose_name=_("internship post"), on_delete=models.PROTECT, related_name="placements")
    # who the intern is (name, resident ID, mobile) is the person's, kept there only (set by placement_create)
    person = models.ForeignKey("persons.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="internship_placements",
                               editable=False)
    ledger_entry = models.ForeignKey(GraduateEntry, verbose_name=_("ledger entry"), null=True, blank=True, on_delete=models.SET_NULL, related_name="placements")
    eligibility_basis = models.CharField(_("eligibility basis"), max_length=200)
    start = models.DateField(_("start"))
    planned_end = models.DateField(_("planned end"))
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    early_hire_date = models.DateField(_("early-hire date (labour contract signed)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("internship placement")
        verbose_name_plural = _("internship placements")
        constraints = [models.UniqueConstraint(fields=["post", "person"], name="rec_placement_once")]

    def __str__(self) -> str:
        return f"{self.person.name} @ {self.post_id}"

    @property
    def months_served(self) -> int:
        """Whole months from start to the actual end (or the planned end)."""
        end = self.actual_end or self.planned_end
        months = (end.year - self.start.year) * 12 + (end.month - self.start.month)
        if end.day < self.start.day:
            months -= 1
        return max(0, months)
