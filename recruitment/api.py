"""REST API under /api/v1/recruitment/: thin views over the same selectors and services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from recruitment import selectors, services
from recruitment.cache import PAGES
from recruitment.models import Education, Event, GraduateEntry, JobPosting, Registration
from recruitment.pagination import CappedPagination
from xingtai_jobs.core.api import IsBureauStaff
from xingtai_jobs.core.inputs import (
    CountSerializerField,
    MobileSerializerField,
    TextSerializerField,
    query_int,
)
from xingtai_jobs.core.masking import mask_phone, mask_resident_id
from xingtai_jobs.core.openapi import MASKED_PHONE
from xingtai_jobs.core.pagecache import CachedListMixin


class EventSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    series = serializers.CharField(source="series.name", default=None, allow_null=True, read_only=True)
    places_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = Event
        fields = ["id", "title", "kind", "series", "for_graduates", "region", "venue", "stream_url", "starts_at", "ends_at", "capacity",
                  "places_left", "status", "description"]


class PostingSerializer(serializers.ModelSerializer):
    enterprise = serializers.CharField(source="enterprise.name")
    region = serializers.CharField(source="region.code")

    class Meta:
        model = JobPosting
        fields = ["id", "enterprise", "title", "occupation", "headcount", "education", "experience_years", "pay_min", "pay_max", "region",
                  "description", "valid_from", "valid_to"]


class RegistrationInSerializer(serializers.Serializer):
    event = CountSerializerField(min_value=1)
    name = TextSerializerField(max_length=50)
    phone = MobileSerializerField(max_length=20)
    resident_id = TextSerializerField(max_length=18, required=False, allow_blank=True, default="")
    education = serializers.ChoiceField(choices=Education.choices)
    wanted_occupation = TextSerializerField(max_length=60)


class RegistrationOutSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return obj.who().name

    class Meta:
        model = Registration
        fields = ["event", "name", "phone", "status", "code", "token"]

    @extend_schema_field(MASKED_PHONE)
    def get_phone(self, obj) -> str:
        return mask_phone(obj.phone)


class LedgerSerializer(serializers.ModelSerializer):
    """A ledger row with who the graduate is read from the registry's person (masked)."""

    name = serializers.CharField(source="person.name")
    resident_id = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    school = serializers.CharField(source="person.school")
    degree = serializers.ChoiceField(choices=GraduateEntry.Degree.choices, read_only=True)
    major = serializers.CharField(source="person.major")
    graduation_date = serializers.DateField(source="person.graduation_date")
    household_region = serializers.CharField(source="household_region.code")

    class Meta:
        model = GraduateEntry
        fields = ["id", "name", "resident_id", "phone", "school", "degree", "major", "graduation_date", "household_region", "status",
                  "briefings", "guidance", "referrals", "trainings", "internships", "reached", "last_contact_on"]

    def get_resident_id(self, obj) -> str:
        return mask_resident_id(obj.person.resident_id)

    @extend_schema_field(MASKED_PHONE)
    def get_phone(self, obj) -> str:
        return mask_phone(obj.person.phone)


class EventViewSet(CachedListMixin, viewsets.ReadOnlyModelViewSet):
    """Published events (public; the list is cached as the pages are, recruitment.cache)."""

    serializer_class = EventSerializer
    permission_classes = [permissions.AllowAny]
    page_cache, cache_params = PAGES, ("kind", "region")

    def get_queryset(self):
        p = self.request.query_params
        return selectors.public_events(kind=p.get("kind", ""), region_id=query_int(p, "region"))


class PostingViewSet(CachedListMixin, viewsets.ReadOnlyModelViewSet):
    """Current job postings (public search: region id, occupation (exact), pay, education, q keyword); count capped at 1001.
    The list is cached as the pages are (recruitment.cache)."""

    serializer_class = PostingSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = CappedPagination
    page_cache, cache_params = PAGES, ("region", "occupation", "pay", "education", "q")

    def get_queryset(self):
        p = self.request.query_params
        if self.action != "list":  # one posting: looked up by id among the current ones, whatever the filters
            return selectors.job_search()
        return selectors.job_search(region_id=query_int(p, "region"), occupation=p.get("occupation", "")[:60],
                                    pay_at_least=query_int(p, "pay", min_value=0, max_value=10_000_000), education=p.get("education", ""),
                                    keyword=p.get("q", "")[:50])


class RegistrationViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Register a job seeker for an event (public); returns the ticket token and short code."""

    permission_classes = [permissions.AllowAny]
    serializer_class = RegistrationInSerializer

    @extend_schema(responses=RegistrationOutSerializer)
    def create(self, request, *args, **kwargs):
        data = RegistrationInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        registration = services.registration_create(event_id=values.pop("event"), request=request, **values)
        return Response(RegistrationOutSerializer(registration).data, status=status.HTTP_201_CREATED)


class LedgerViewSet(viewsets.ReadOnlyModelViewSet):
    """The graduate ledger, masked, limited to the caller's region."""

    serializer_class = LedgerSerializer
    permission_classes = [IsBureauStaff]

    def get_queryset(self):
        return selectors.ledger_for(self.request.user).order_by("id")
