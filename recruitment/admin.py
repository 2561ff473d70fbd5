"""Back office for recruitment: thin, scoped by the same rules as pages and API; state changes
go through services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from recruitment import services
from recruitment.models import (
    Event,
    EventParticipant,
    GraduateEntry,
    Intention,
    InternshipPlacement,
    InternshipPost,
    JobApplication,
    JobPosting,
    LivestreamResult,
    RecommendationOfficer,
    Registration,
    Series,
    ServiceRecord,
    WorkQueueItem,
)
from xingtai_jobs.core.admin_mixins import PortalInline, PortalModelAdmin, ReadOnlyAdminMixin
from xingtai_jobs.core.admin_personal import PersonalDataAdminMixin
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.masking import mask_name, mask_phone, mask_resident_id


class ServiceErrorsMixin:
    """Change forms whose save calls a service: a DomainError rolls the whole save back (Django
    wraps the change form in a transaction), shows the message and returns to the form."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


def _run(modeladmin, request, queryset, fn):
    done = 0
    for obj in queryset:
        try:
            fn(obj)
            done += 1
        except DomainError as exc:
            modeladmin.message_user(request, f"{obj}: {exc.message}", messages.ERROR)
    if done:
        modeladmin.message_user(request, _("%(n)s done.") % {"n": done}, messages.SUCCESS)


def _status_action(status, label):
    def action(modeladmin, request, queryset):
        _run(modeladmin, request, queryset, lambda e: services.event_set_status(event=e, status=status, actor=request.user))

    action.short_description = label
    action.__name__ = f"set_{status}"
    return action


@admin.register(Series)
class SeriesAdmin(PortalModelAdmin):
    list_display = ("name", "is_brand")


@admin.register(Event)
class EventAdmin(ServiceErrorsMixin, PortalModelAdmin):
    list_display = ("title", "kind", "series", "region", "starts_at", "capacity", "confirmed_count", "status")
    list_filter = ("status", "kind", "series", "region")
    search_fields = ("title",)
    list_select_related = ("region", "series")
    readonly_fields = ("status", "confirmed_count")
    actions = [_status_action(Event.Status.PUBLISHED, _("Publish")), _status_action(Event.Status.ONGOING, _("Mark as ongoing")),
               _status_action(Event.Status.CLOSED, _("Close")), _status_action(Event.Status.RESULTS, _("Mark results recorded"))]

    def save_model(self, request, obj, form, change):
        if change and "capacity" in form.changed_data:
            new_capacity = obj.capacity
            obj.capacity = form.initial["capacity"]  # the capacity changes only through the service below
            super().save_model(request, obj, form, change)  # the other fields; audited with the whole save
            promoted = services.event_change_capacity(event=obj, capacity=new_capacity, actor=request.user)
            if promoted:
                self.message_user(request, _("%(n)s promoted from the waiting list.") % {"n": len(promoted)})
            return
        super().save_model(request, obj, form, change)


@admin.register(EventParticipant)
class EventParticipantAdmin(PortalModelAdmin):
    list_display = ("enterprise", "event", "status", "booth")
    list_filter = ("status",)
    list_select_related = ("enterprise", "event")
    readonly_fields = ("status",)
    actions = ["approve", "reject"]

    @admin.action(description=_("Approve sign-ups"))
    def approve(self, request, queryset):
        _run(self, request, queryset, lambda p: services.participant_decide(participant=p, approve=True, actor=request.user))

    @admin.action(description=_("Reject sign-ups"))
    def reject(self, request, queryset):
        _run(self, request, queryset, lambda p: services.participant_decide(participant=p, approve=False, actor=request.user))


@admin.register(JobPosting)
class JobPostingAdmin(PortalModelAdmin):
    list_display = ("title", "enterprise", "occupation", "headcount", "pay_min", "pay_max", "region", "valid_to", "is_active")
    list_filter = ("is_active", "education", "region")
    search_fields = ("title", "occupation", "enterprise__name")
    list_select_related = ("enterprise", "region")
    raw_id_fields = ("enterprise",)
    filter_horizontal = ("events",)


@admin.register(Registration)
class RegistrationAdmin(PersonalDataAdminMixin, ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ("code", "event", "who_name", "masked_phone", "status", "checked_in_at")
    list_filter = ("status",)
    search_fields = ("code",)
    personal_search_fields = ("phone", "resident_id", "person__resident_id")
    list_select_related = ("event", "person")
    exclude = ("name", "phone", "resident_id", "token", "person")
    readonly_fields = ("who_name", "masked_phone", "masked_id")
    actions = ["cancel"]

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    @admin.display(description=_("name"))
    def who_name(self, obj):
        return obj.who().name

    @admin.display(description=_("resident ID number"))
    def masked_id(self, obj):
        return mask_resident_id(obj.who().resident_id)

    def has_cancel_permission(self, request) -> bool:
        return request.user.has_perm("recruitment.change_registration")

    @admin.action(description=_("Cancel registrations (promotes the waiting list)"), permissions=["cancel"])
    def cancel(self, request, queryset):
        _run(self, request, queryset, lambda r: services.registration_cancel(registration=r, actor=request.user, request=request))


@admin.register(Intention)
class IntentionAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ("event", "enterprise", "posting", "recorded_at")
    list_select_related = ("event", "enterprise", "posting")


@admin.register(JobApplication)
class JobApplicationAdmin(PersonalDataAdminMixin, ReadOnlyAdminMixin, PortalModelAdmin):
    """Staff see who applied where, the mobile number masked (the employer it was given to calls;
    staff look a number up through the personal-data search, audited)."""

    list_display = ("posting", "enterprise", "masked_name", "masked_phone", "education", "created_at")
    list_select_related = ("posting", "enterprise")
    personal_search_fields = ("phone",)
    exclude = ("phone", "name")
    readonly_fields = ("masked_name", "masked_phone")

    @admin.display(description=_("name"))
    def masked_name(self, obj):
        return mask_name(obj.name)

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


@admin.register(LivestreamResult)
class LivestreamResultAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ("event", "platform", "views", "applications", "intentions", "enterprise_visits")


@admin.register(RecommendationOfficer)
class RecommendationOfficerAdmin(PersonalDataAdminMixin, PortalModelAdmin):
    personal_data_fields = ("phone",)
    personal_search_fields = ("phone",)
    list_display = ("name", "enterprise", "masked_phone", "position", "training_date", "is_active")
    list_select_related = ("enterprise",)
    raw_id_fields = ("enterprise",)

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


class ServiceRecordInline(PortalInline):
    model = ServiceRecord
    extra = 0
    fields = ("kind", "date", "channel", "reached", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(GraduateEntry)
class GraduateEntryAdmin(PersonalDataAdminMixin, ServiceErrorsMixin, PortalModelAdmin):
    """Who the graduate is lives on the registry's person (read and written through it); the form
    shows it beside the ledger's own facts and ``services.graduate_save`` writes both."""

    list_display = ("person_name", "masked_id", "masked_phone", "person_school", "household_region", "status", "referrals", "reached",
                    "caseworker")
    list_filter = ("status", "person__education", "hardship", "household_region")
    search_fields = ("person__name",)
    personal_data_fields = ("person__resident_id", "person__phone")
    personal_search_fields = ("person__resident_id", "person__phone")
    list_select_related = ("person", "household_region", "caseworker")
    inlines = [ServiceRecordInline]
    readonly_fields = ("briefings", "guidance", "referrals", "trainings", "internships", "reached", "last_contact_on")

    def get_form(self, request, obj=None, **kwargs):
        from recruitment.forms import GraduateEntryAdminForm

        kwargs["form"] = GraduateEntryAdminForm
        return super().get_form(request, obj, **kwargs)

    @admin.display(description=_("name"), ordering="person__name")
    def person_name(self, obj):
        return obj.person.name

    @admin.display(description=_("school"))
    def person_school(self, obj):
        return obj.person.school

    @admin.display(description=_("resident ID number"))
    def masked_id(self, obj):
        return mask_resident_id(obj.person.resident_id)

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.person.phone)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "caseworker":  # narrowed to staff; the selector limits it to the user's scope
            from xingtai_jobs.core.models import User

            staff = User.objects.filter(role__in=[User.Role.CITY_STAFF, User.Role.COUNTY_STAFF], is_active=True)
            if request.user.is_county_staff:
                staff = staff.filter(region_id=request.user.region_id)
            kwargs["queryset"] = staff
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        saved = services.graduate_save(actor=request.user, data=dict(form.cleaned_data), entry=obj if change else None)
        obj.pk, obj.person = saved.pk, saved.person  # the admin's log names the row by its person


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ServiceErrorsMixin, PortalModelAdmin):
    list_display = ("entry", "kind", "date", "channel", "reached")
    list_filter = ("kind", "channel", "reached")
    list_select_related = ("entry",)
    raw_id_fields = ("entry", "posting", "placement", "registration", "intention")

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = services.service_record_add(
            entry=obj.entry, kind=obj.kind, date=obj.date, actor=request.user, channel=obj.channel, reached=obj.reached,
            posting=obj.posting, placement=obj.placement, note=obj.note)
        obj.pk = saved.pk


@admin.register(WorkQueueItem)
class WorkQueueItemAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ("entry", "caseworker", "reason", "queued_on", "done_at")
    list_filter = ("reason", "queued_on")
    list_select_related = ("entry", "caseworker")


@admin.register(InternshipPost)
class InternshipPostAdmin(ServiceErrorsMixin, PortalModelAdmin):
    list_display = ("title", "host", "positions", "duration_months", "stipend", "region", "status")
    list_filter = ("status", "region")
    list_select_related = ("host", "region")
    raw_id_fields = ("host",)
    readonly_fields = ("status", "approved_at")
    actions = ["approve", "reject"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        saved = services.internship_post_create(host=obj.host, actor=request.user, title=obj.title, positions=obj.positions,
                                                duration_months=obj.duration_months, stipend=obj.stipend, region=obj.region)
        obj.pk = saved.pk

    @admin.action(description=_("Approve internship posts"))
    def approve(self, request, queryset):
        _run(self, request, queryset, lambda p: services.internship_post_decide(post=p, approve=True, actor=request.user))

    @admin.action(description=_("Reject internship posts"))
    def reject(self, request, queryset):
        _run(self, request, queryset, lambda p: services.internship_post_decide(post=p, approve=False, actor=request.user))


@admin.register(InternshipPlacement)
class InternshipPlacementAdmin(ServiceErrorsMixin, PortalModelAdmin):
    """Staff place interns through ``placement_create`` (eligibility checked); ending a placement
    goes through ``placement_end``."""

    list_display = ("person_name", "masked_id", "post", "start", "planned_end", "actual_end", "early_hire_date", "months_served")
    list_select_related = ("post", "person")
    raw_id_fields = ("post",)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            from recruitment.forms import PlacementAdminForm

            kwargs["form"] = PlacementAdminForm
            kwargs["fields"] = ["post", "name", "resident_id", "phone", "start", "unemployment_registered"]
        else:
            kwargs["fields"] = ["actual_end", "early_hire_date"]
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return ("post", "person_name", "masked_id", "start", "planned_end", "eligibility_basis") if obj else ()

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["post", "name", "resident_id", "phone", "start", "unemployment_registered"]
        return ["post", "person_name", "masked_id", "start", "planned_end", "eligibility_basis", "actual_end", "early_hire_date"]

    def save_model(self, request, obj, form, change):
        if change:
            if not form.cleaned_data.get("actual_end"):
                raise DomainError(_("Enter the actual end date."), field="actual_end")
            saved = services.placement_end(placement=InternshipPlacement.objects.get(pk=obj.pk), actor=request.user,
                                           actual_end=form.cleaned_data["actual_end"], early_hire_date=form.cleaned_data.get("early_hire_date"))
        else:
            data = form.cleaned_data
            saved = services.placement_create(post=data["post"], actor=request.user, name=data["name"], resident_id=data["resident_id"],
                                              phone=data.get("phone") or "", start=data["start"],
                                              unemployment_registered=data.get("unemployment_registered", False))
        obj.pk, obj.person = saved.pk, saved.person  # the admin's log names the row by its person

    @admin.display(description=_("intern name"), ordering="person__name")
    def person_name(self, obj):
        return obj.person.name

    @admin.display(description=_("resident ID number"))
    def masked_id(self, obj):
        return mask_resident_id(obj.person.resident_id)
