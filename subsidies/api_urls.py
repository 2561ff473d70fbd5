from rest_framework.routers import DefaultRouter

from subsidies.api import ApplicationViewSet, RoundViewSet

router = DefaultRouter()
router.register("rounds", RoundViewSet, basename="subsidy-round")
router.register("items", ApplicationViewSet, basename="subsidy-item")

urlpatterns = router.urls
