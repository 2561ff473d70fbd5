"""REST API of the register (public, read-only, not paginated: 23 measures)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from measures import selectors
from measures.cache import PUBLIC, public_period
from xingtai_jobs.core.pagecache import cached_json

API_FIELDS = ("code", "name", "unit", "year", "target", "target_confirmed", "value", "deadline", "schedule", "expected_share",
              "status", "source", "as_of", "data_date")


def payload(year: int, as_of) -> list[dict]:
    return [{"number": m["number"], "title": m["title"], "indicators": [{k: ind[k] for k in API_FIELDS} for ind in m["indicators"]]}
            for m in selectors.register_progress(year=year, as_of=as_of, trend=False)]


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}], "nullable": True})
class CountOrText(serializers.Field):
    """A count as an integer; yuan and percentages as strings; null where there is no figure."""

    def to_representation(self, value):
        return value


IndicatorOut = inline_serializer("MeasureIndicator", many=True, fields={
    "code": serializers.CharField(), "name": serializers.CharField(), "unit": serializers.CharField(),
    "year": serializers.IntegerField(),
    "target": CountOrText(allow_null=True, help_text="integer for counts; yuan and percentages as strings"),
    "target_confirmed": serializers.BooleanField(help_text="false: a provisional target the policy gives no figure for"),
    "value": CountOrText(allow_null=True, help_text="integer for counts; yuan and percentages as strings; null: no data"),
    "deadline": serializers.DateField(), "schedule": serializers.ChoiceField(["pro_rata", "fixed_months"]),
    "expected_share": serializers.CharField(help_text="3 decimals, e.g. 0.749"),
    "status": serializers.ChoiceField(["met", "on_track", "behind", "at_risk", "not_started", "missed", "no_data"]),
    "source": serializers.ChoiceField(["computed", "registry", "reported"]),
    "as_of": serializers.DateField(), "data_date": serializers.DateField(allow_null=True),
})


class MeasureList(APIView):
    """The 23 measures with every indicator's progress for ``year`` as it stood on ``as_of``."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        parameters=[OpenApiParameter("year", OpenApiTypes.INT), OpenApiParameter("as_of", OpenApiTypes.DATE)],
        responses={200: inline_serializer("Measure", {"number": serializers.IntegerField(), "title": serializers.CharField(),
                                                      "indicators": IndicatorOut}, many=True)},
    )
    def get(self, request):
        key, period = public_period(request.query_params, strict=True)  # DomainError → 400 (kernel)

        def build() -> bytes:
            from rest_framework.renderers import JSONRenderer

            return JSONRenderer().render(payload(*period()))

        return cached_json(request, PUBLIC, f"api|{key}", build) or Response(payload(*period()))
