"""REST API under /api/v1/subsidies/: the same selectors and services as the pages."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from subsidies import selectors, services
from subsidies.models import Application, SchemeRound
from xingtai_jobs.core import inputs
from xingtai_jobs.core.api import IsBureauStaff
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.masking import mask_uscc


class RoundSerializer(serializers.ModelSerializer):
    scheme = serializers.CharField(source="scheme.code")

    class Meta:
        model = SchemeRound
        fields = ["id", "scheme", "name", "assessment_year", "opens_on", "closes_on", "budget", "parameters"]


class CertificateInfoSerializer(serializers.Serializer):
    number = serializers.CharField()
    occupation = serializers.CharField()
    level = serializers.IntegerField(allow_null=True)
    level_name = serializers.CharField()


class ApplicationSerializer(serializers.ModelSerializer):
    round = serializers.CharField(source="round.name")
    scheme = serializers.CharField(source="round.scheme.code")
    # a person-paid item (技能提升补贴) has no enterprise: both fields are then empty, and the
    # beneficiary appears only as the masked name
    enterprise_name = serializers.SerializerMethodField()
    beneficiary_name = serializers.CharField(read_only=True)
    uscc = serializers.SerializerMethodField()
    region = serializers.CharField(source="region.code")
    # person schemes: who is paid (an enterprise, or a person: 社保卡金融账户), who the item is about
    # (the hire, the certificate holder: masked name only) and the basis object
    beneficiary_kind = serializers.SerializerMethodField()
    subject_name = serializers.CharField(read_only=True, help_text="The hire or certificate holder, masked (王*明); empty for 稳岗返还.")
    basis = serializers.CharField(source="basis_key", read_only=True,
                                  help_text='"" (稳岗返还), "contract:<id>" (a hire), "certificate:<number>", "period:YYYY-MM".')
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = ["id", "scheme", "round", "enterprise_name", "beneficiary_kind", "beneficiary_name", "uscc", "subject_name", "basis",
                  "certificate", "region", "origin", "state", "eligible", "rate", "base", "amount", "checks", "staff_message",
                  "decision_reason", "updated_at"]

    def get_beneficiary_kind(self, obj) -> str:
        return "enterprise" if obj.enterprise_id else "person"

    @extend_schema_field(CertificateInfoSerializer(allow_null=True))
    def get_certificate(self, obj) -> dict | None:
        return obj.certificate or None

    def get_enterprise_name(self, obj) -> str:
        return obj.enterprise.name if obj.enterprise_id else ""

    def get_uscc(self, obj) -> str:
        return mask_uscc(obj.enterprise.uscc) if obj.enterprise_id else ""


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")


class RequiredTextSerializer(serializers.Serializer):
    """The reason of a refusal or a return: required (the service refuses a blank one)."""

    text = serializers.CharField(allow_blank=False, max_length=2000)


class ApplySerializer(serializers.Serializer):
    """An application: ``round`` and, for a person scheme, the basis object: ``contract`` (the id of a
    hire of the enterprise, job expansion) or ``certificate`` (the number of one's own certificate,
    skills upgrade)."""

    round = inputs.CountSerializerField(min_value=1)
    contract = inputs.CountSerializerField(min_value=1, required=False)
    certificate = inputs.TextSerializerField(max_length=40, required=False)
    note = inputs.TextSerializerField(max_length=2000, required=False, allow_blank=True, default="")


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
        return (selectors.applications_for(self.request.user)
                .select_related("round__scheme", "region", "enterprise", "person", "subject").order_by("-id"))

    @extend_schema(request=ApplySerializer, responses={201: ApplicationSerializer})
    @action(detail=False, methods=["post"], serializer_class=ApplySerializer)
    def apply(self, request):
        """Apply, as on the pages: an enterprise for 稳岗返还 or one of its job-expansion hires without an
        item (``contract``), a citizen for one of their certificates (``certificate``). The same rule as
        the screening decides; the answer carries the checks."""
        data = ApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = request.user
        round_ = SchemeRound.objects.select_related("scheme").filter(pk=values["round"]).first()
        if round_ is None:
            raise DomainError(_("This round does not exist."), field="round", code="not_found")
        round_, basis = selectors.apply_basis(user, round_, contract=values.get("contract"), certificate=values.get("certificate"))
        enterprise = None
        if basis is None:
            if not getattr(user, "is_enterprise_user", False) or user.enterprise is None:
                raise DomainError(_("Only an enterprise may apply for this scheme."), code="forbidden")
            enterprise = user.enterprise
        app = services.application_submit(round_=round_, actor=user, enterprise=enterprise, basis=basis, note=values["note"])
        app = selectors.applications_for(user).get(pk=app.pk)
        return Response(ApplicationSerializer(app).data, status=status.HTTP_201_CREATED)

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
