"""REST API of measure 1 (thin: selectors do visibility)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny

from rankings import selectors
from rankings.cache import PUBLIC
from rankings.models import PublishedEntry, Ranking
from xingtai_jobs.core.pagecache import CachedListMixin


class RankingSerializer(serializers.ModelSerializer):
    status = serializers.CharField(source="public_status", help_text="published or withdrawn")

    class Meta:
        model = Ranking
        fields = ["year", "status", "method_version", "weights", "top_n", "population_count", "published_at", "forced_reason",
                  "withdrawn_at", "withdrawal_reason"]


class EntrySerializer(serializers.Serializer):
    uscc = serializers.CharField()
    name = serializers.CharField()
    region_code = serializers.CharField()
    size_class = serializers.CharField()
    rank = serializers.IntegerField()
    score = serializers.SerializerMethodField()
    total = serializers.CharField(help_text="average insured headcount, 2 decimals")
    growth = serializers.IntegerField()
    hires = serializers.IntegerField()
    layoff_rate = serializers.CharField()
    dispute_rate = serializers.CharField()

    def get_score(self, obj) -> str:
        return f"{obj.score:.2f}"


class RankingList(CachedListMixin, generics.ListAPIView):
    """Published (and withdrawn, with the public reason) rankings (cached as the pages are)."""

    permission_classes = [AllowAny]
    serializer_class = RankingSerializer
    page_cache = PUBLIC

    def get_queryset(self):
        return selectors.public_rankings()


@extend_schema(parameters=[
    OpenApiParameter("region", OpenApiTypes.STR, description="county-level region code, e.g. 130502"),
    OpenApiParameter("size_class", OpenApiTypes.STR, description="large, medium, small, micro or sme"),
    OpenApiParameter("status", OpenApiTypes.STR, description="preview: staff with the right role read the preview"),
])
class EntryList(CachedListMixin, generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = EntrySerializer
    page_cache, cache_params = PUBLIC, ("region", "size_class", "status")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no year in the URL
            return PublishedEntry.objects.none()
        year = self.kwargs["year"]
        region = self.request.query_params.get("region") or None
        size = self.request.query_params.get("size_class") or None
        if self.request.query_params.get("status") == "preview":
            user = self.request.user
            if not selectors.can_view_preview(user):
                raise PermissionDenied(_("Only bureau staff with the right role can read a preview."))
            ranking = selectors.rankings_for_staff(user).filter(year=year).first()
            if ranking is None:
                raise Http404
            return selectors.filter_entries(selectors.preview_entries(user, ranking), region_code=region, size=size)
        ranking = selectors.published_ranking(year)
        if ranking is None:
            raise Http404
        return selectors.published_entries(ranking, region_code=region, size=size)


