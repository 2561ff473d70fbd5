from rest_framework.routers import SimpleRouter

from .api import EmploymentReportViewSet, EnterpriseViewSet, InsuranceMonthViewSet

router = SimpleRouter()
router.register("insurance-months", InsuranceMonthViewSet, basename="insurance-month")
router.register("employment-reports", EmploymentReportViewSet, basename="employment-report")
router.register("", EnterpriseViewSet, basename="enterprise")

urlpatterns = router.urls
