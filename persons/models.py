"""The person layer. A person is identified by the resident ID (sex and birth date are derived from
it, never entered); the social-insurance system's monthly contribution rows per person and
employer are the authoritative facts of every person-based scheme."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingtai_jobs.core.validators import resident_id_birth_date, validate_resident_id

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class Sex(models.TextChoices):
    MALE = "male", pgettext_lazy("sex", "Male")
    FEMALE = "female", pgettext_lazy("sex", "Female")


class Education(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary school")
    JUNIOR_SECONDARY = "junior_secondary", _("Junior secondary school")
    SENIOR_SECONDARY = "senior_secondary", _("Senior secondary school")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("Secondary vocational school")
    JUNIOR_COLLEGE = "junior_college", _("Junior college (大专)")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    DOCTOR = "doctor", _("Doctor")


HIGHER_EDUCATION = (Education.JUNIOR_COLLEGE, Education.BACHELOR, Education.MASTER, Education.DOCTOR)


class DegreeType(models.TextChoices):
    REGULAR = "regular", _("Regular full-time (普通全日制)")
    ADULT = "adult", _("Adult education (成人教育)")
    CORRESPONDENCE = "correspondence", _("Correspondence or online (函授/网络)")
    SELF_STUDY = "self_study", _("Self-study examinations (自学考试)")
    TECHNICIAN_CLASS = "technician_class", _("Technician college class (技师学院高级工班/预备技师班)")


def sex_from_resident_id(resident_id: str) -> str:
    """GB 11643: the 17th digit is odd for men and even for women."""
    return Sex.MALE if int(resident_id[16]) % 2 == 1 else Sex.FEMALE


class Person(models.Model):
    resident_id = models.CharField(_("resident ID number"), max_length=18, unique=True, validators=[validate_resident_id])
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True, db_index=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, editable=False)
    birth_date = models.DateField(_("date of birth"), editable=False)
    region = models.ForeignKey("core.Region", verbose_name=_("region of residence"), on_delete=models.PROTECT,
                               related_name="persons")
    education = models.CharField(_("education"), max_length=24, choices=Education.choices, blank=True)
    degree_type = models.CharField(_("degree type"), max_length=20, choices=DegreeType.choices, blank=True,
                                   help_text=_("For higher education only."))
    school = models.CharField(_("school"), max_length=100, blank=True)
    major = models.CharField(_("major"), max_length=100, blank=True)
    graduation_date = models.DateField(_("graduation date"), null=True, blank=True)
    retirement_base_age = models.PositiveSmallIntegerField(
        _("statutory retirement base age"), null=True, blank=True,
        validators=[MinValueValidator(50), MaxValueValidator(60)],
        help_text=_("Blank: 60 for men, 50 for women workers. Enter 55 for women in cadre or similar posts."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["resident_id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["region", "resident_id"], name="person_region_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(retirement_base_age__isnull=True) | Q(retirement_base_age__in=[50, 55, 60]),
                                   name="person_retirement_base_age_valid"),
        ]

    def __str__(self) -> str:
        from xingtai_jobs.core.masking import mask_name

        return mask_name(self.name)

    def save(self, *args, **kwargs):
        self.resident_id = (self.resident_id or "").strip().upper()
        self.birth_date = resident_id_birth_date(self.resident_id)
        self.sex = sex_from_resident_id(self.resident_id)
        super().save(*args, **kwargs)

    @property
    def base_retirement_age(self) -> int:
        if self.retirement_base_age:
            return self.retirement_base_age
        return 60 if self.sex == Sex.MALE else 50

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


class UnemploymentRegistration(models.Model):
    """登记失业: one registration period; the unemployment-benefit period, when any, inside it."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="unemployment_registrations")
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    registered_on = models.DateField(_("registered on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True, help_text=_("Blank while the registration is open."))
    ui_benefit_from = models.DateField(_("unemployment benefit from"), null=True, blank=True)
    ui_benefit_to = models.DateField(_("unemployment benefit to"), null=True, blank=True,
                                     help_text=_("Blank after a start date: still receiving."))

    class Meta:
        ordering = ["person", "registered_on"]
        verbose_name = _("unemployment registration")
        verbose_name_plural = _("unemployment registrations")
        constraints = [
            models.UniqueConstraint(fields=["person", "registered_on"], name="unemployment_reg_unique"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("registered_on")),
                                   name="unemployment_reg_end_after_start"),
            models.CheckConstraint(condition=Q(ui_benefit_to__isnull=True) | Q(ui_benefit_from__isnull=False),
                                   name="unemployment_benefit_to_needs_from"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.registered_on}"


class ContractKind(models.TextChoices):
    FIXED = "fixed", _("Fixed term")
    OPEN_ENDED = "open_ended", _("Open-ended")
    TASK = "task", _("For a specific task")


class LabourContract(models.Model):
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="labour_contracts")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("employer"), on_delete=models.CASCADE,
                                   related_name="labour_contracts")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True, help_text=_("Blank for open-ended contracts."))
    kind = models.CharField(_("kind"), max_length=12, choices=ContractKind.choices)

    class Meta:
        ordering = ["person", "starts_on"]
        verbose_name = _("labour contract")
        verbose_name_plural = _("labour contracts")
        constraints = [
            models.UniqueConstraint(fields=["person", "enterprise", "starts_on"], name="labour_contract_unique"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="labour_contract_end_after_start"),
        ]
        indexes = [models.Index(fields=["starts_on", "enterprise"], name="labour_contract_start_idx")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.enterprise_id} {self.starts_on}"


class PersonContribution(models.Model):
    """One month of social-insurance contributions for a person with one employer (from the
    social-insurance system: authoritative)."""

    # The two foreign keys are not database constraints (db_constraint=False, ADR 0025, second addendum):
    # PostgreSQL checks a foreign key row by row (one query per row and key at the commit, 2.8-3.2 s of a
    # 200,000-row import); here every id comes from the import's join against the registry in the same
    # statement, under the registry lock (``persons.integrity``) that a person's or an employer's
    # deletion takes exclusively, and Django's on_delete=CASCADE deletes the rows with them as before.
    # ``persons.integrity.contribution_orphans`` (a daily task) finds any row written past them.
    # No indexes of their own: the unique (person, enterprise, month) index leads with the person, and
    # no reader goes by the employer (deleting an employer, a superuser's act, scans the table).
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="contributions",
                               db_index=False, db_constraint=False)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("employer"), on_delete=models.CASCADE,
                                   related_name="person_contributions", db_index=False, db_constraint=False)
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    pension_unit = models.DecimalField(_("pension, employer part (yuan)"), **MONEY)
    pension_personal = models.DecimalField(_("pension, personal part (yuan)"), **MONEY)
    medical_unit = models.DecimalField(_("medical, employer part (yuan)"), **MONEY)
    medical_personal = models.DecimalField(_("medical, personal part (yuan)"), **MONEY)
    ui_unit = models.DecimalField(_("unemployment, employer part (yuan)"), **MONEY)
    ui_personal = models.DecimalField(_("unemployment, personal part (yuan)"), **MONEY)
    injury_unit = models.DecimalField(_("work injury, employer part (yuan)"), **MONEY)
    in_arrears = models.BooleanField(_("in arrears (not fully paid)"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person", "month"]
        verbose_name = _("monthly contribution of a person")
        verbose_name_plural = _("monthly contributions of persons")
        constraints = [
            models.UniqueConstraint(fields=["person", "enterprise", "month"], name="person_contribution_unique"),
            models.CheckConstraint(
                condition=Q(pension_unit__gte=0) & Q(pension_personal__gte=0) & Q(medical_unit__gte=0)
                & Q(medical_personal__gte=0) & Q(ui_unit__gte=0) & Q(ui_personal__gte=0) & Q(injury_unit__gte=0),
                name="person_contribution_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.enterprise_id} {self.month:%Y-%m}"


class CertificateKind(models.TextChoices):
    QUALIFICATION = "qualification", _("Vocational qualification certificate (职业资格证书)")
    SKILL_LEVEL = "skill_level", _("Vocational skill level certificate (职业技能等级证书)")


class SkillLevel(models.IntegerChoices):
    LEVEL_5 = 5, _("Level 5 / elementary (五级/初级工)")
    LEVEL_4 = 4, _("Level 4 / intermediate (四级/中级工)")
    LEVEL_3 = 3, _("Level 3 / advanced (三级/高级工)")
    LEVEL_2 = 2, _("Level 2 / technician (二级/技师)")
    LEVEL_1 = 1, _("Level 1 / senior technician (一级/高级技师)")


class Certificate(models.Model):
    certificate_no = models.CharField(_("certificate number"), max_length=40, unique=True)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("kind"), max_length=16, choices=CertificateKind.choices)
    occupation_code = models.CharField(_("occupation code"), max_length=20)
    occupation_name = models.CharField(_("occupation"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel.choices)
    issued_on = models.DateField(_("issued on"))
    shortage = models.BooleanField(_("occupation on the shortage list"), default=False)
    free_training = models.BooleanField(_("from state-funded free training"), default=False)

    class Meta:
        ordering = ["person", "issued_on", "certificate_no"]
        verbose_name = _("skill certificate")
        verbose_name_plural = _("skill certificates")
        constraints = [models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=5), name="certificate_level_1_5")]
        indexes = [models.Index(fields=["issued_on"], name="certificate_issued_idx")]

    def __str__(self) -> str:
        return self.certificate_no


class HardshipCategory(models.Model):
    """就业困难人员 categories; staff extend the table in the admin."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("hardship category")
        verbose_name_plural = _("hardship categories")

    def __str__(self) -> str:
        return self.name


class HardshipCertification(models.Model):
    """就业困难人员认定."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="hardship_certifications")
    category = models.ForeignKey(HardshipCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    certified_on = models.DateField(_("certified on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Blank: no end date."))
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["person", "certified_on"]
        verbose_name = _("hardship certification")
        verbose_name_plural = _("hardship certifications")
        constraints = [
            models.UniqueConstraint(fields=["person", "category", "certified_on"], name="hardship_cert_unique"),
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("certified_on")),
                                   name="hardship_cert_until_after_on"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.category_id} {self.certified_on}"

    def valid_on(self, day: dt.date) -> bool:
        return self.certified_on <= day and (self.valid_until is None or day <= self.valid_until)


class CitizenAccount(models.Model):
    """A citizen's own account (``/me/``). Signed up with resident ID, name and mobile; linked to the
    registry's person only when the resident ID and the name both match it (at sign-up, or when the
    person is imported later)."""

    user = models.OneToOneField("core.User", verbose_name=_("user"), on_delete=models.CASCADE, related_name="citizen_account")
    resident_id = models.CharField(_("resident ID number"), max_length=18, unique=True, validators=[validate_resident_id])
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("mobile phone"), max_length=20, unique=True)
    person = models.OneToOneField(Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="account")
    linked_at = models.DateTimeField(_("linked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("citizen account")
        verbose_name_plural = _("citizen accounts")

    def __str__(self) -> str:
        from xingtai_jobs.core.masking import mask_name

        return mask_name(self.name)
