"""REST API under /api/v1/subsidies/: the same selectors and services as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from subsidies import selectors, services
from subsidies.models import Application, SchemeRound
from xingtai_jobs.core.api import IsBureauStaff
from xingtai_jobs.core.masking import mask_uscc


class RoundSerializer(serializers.ModelSerializer):
    scheme = serializers.CharField(source="scheme.code")

    class Meta:
        model = SchemeRound
        fields = ["id", "scheme", "name", "assessment_year", "opens_on", "closes_on", "budget", "parameters"]


class ApplicationSerializer(serializers.ModelSerializer):
    round = serializers.CharField(source="round.name")
    scheme = serializers.CharField(source="round.scheme.code")
    # a person-paid item (技能提升补贴) has no enterprise: both fields are then empty, and the
    # beneficiary appears only as the masked name
    enterprise_name = serializers.SerializerMethodField()
    beneficiary_name = serializers.CharField(read_only=True)
    uscc = serializers.SerializerMethodField()
    region = serializers.CharField(source="region.code")

    class Meta:
        model = Application
        fields = ["id", "scheme", "round", "enterprise_name", "beneficiary_name", "uscc", "region", "origin", "state", "eligible", "rate", "base",
                  "amount", "checks", "staff_message", "decision_reason", "updated_at"]

    def get_enterprise_name(self, obj) -> str:
        return obj.enterprise.name if obj.enterprise_id else ""

    def get_uscc(self, obj) -> str:
        return mask_uscc(obj.enterprise.uscc) if obj.enterprise_id else ""


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")


class RequiredTextSerializer(serializers.Serializer):
    """The reason of a refusal or a return: required (the service refuses a blank one)."""

    text = serializers.CharField(allow_blank=False, max_length=2000)


class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoundSerializer
    permission_classes = [IsAuthenticated]
    queryset = SchemeRound.objects.select_related("scheme").order_by("scheme__code", "-assessment_year")


class ApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Items visible to the caller: city staff all, county staff their region, enterprises their own."""

    serializer_class = ApplicationSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["state", "round", "origin"]

    def get_queryset(self):
        return selectors.applications_for(self.request.user).select_related("round__scheme", "region", "enterprise", "person").order_by("-id")

    def _act(self, request, fn):
        app = self.get_object()
        data = self.get_serializer_class()(data=request.data)  # the action's: reject/return require a text
        data.is_valid(raise_exception=True)
        result = fn(app, request.user, data.validated_data["text"])
        return Response(ApplicationSerializer(result).data)

    @extend_schema(request=TextSerializer, responses={200: ApplicationSerializer})  # answers the item
    @action(detail=True, methods=["post"], permission_classes=[IsBureauStaff], serializer_class=TextSerializer)
    def review(self, request, pk=None):
        return self._act(request, lambda app, u, _t: services.application_review_start(app=app, actor=u))

    @extend_schema(request=TextSerializer, responses={200: ApplicationSerializer})  # answers the item
    @action(detail=True, methods=["post"], permission_classes=[IsBureauStaff], serializer_class=TextSerializer)
    def approve(self, request, pk=None):
        return self._act(request, lambda app, u, _t: services.application_approve(app=app, actor=u))

    @extend_schema(request=RequiredTextSerializer, responses={200: ApplicationSerializer})  # answers the item
    @action(detail=True, methods=["post"], permission_classes=[IsBureauStaff], serializer_class=RequiredTextSerializer)
    def reject(self, request, pk=None):
        return self._act(request, lambda app, u, t: services.application_reject(app=app, actor=u, reason=t))

    @extend_schema(request=RequiredTextSerializer, responses={200: ApplicationSerializer})  # answers the item
    @action(detail=True, methods=["post"], url_path="return", permission_classes=[IsBureauStaff],
            serializer_class=RequiredTextSerializer)
    def return_for_info(self, request, pk=None):
        return self._act(request, lambda app, u, t: services.application_return(app=app, actor=u, message=t))
