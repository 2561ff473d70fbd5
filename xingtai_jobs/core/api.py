"""Shared REST API pieces: role permissions and kernel endpoints (pagination and the error
format are in ``drf.py``, which DRF imports while loading its settings)."""

from __future__ import annotations

from rest_framework import permissions, serializers, viewsets

from xingtai_jobs.core.models import Department, Region


class IsBureauStaff(permissions.BasePermission):
    """City or county staff of the bureau."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_bureau_staff)


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "name_en", "kind", "min_wage_tier"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["code", "name", "name_en", "phone"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """The 20 county-level units of Xingtai (public reference data)."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "code"
    pagination_class = None


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Department.objects.filter(is_active=True)
    serializer_class = DepartmentSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "code"
    pagination_class = None
