from rest_framework.routers import SimpleRouter

from .api import CertificateViewSet, LabourContractViewSet, PersonViewSet

router = SimpleRouter()
router.register("labour-contracts", LabourContractViewSet, basename="labour-contract")
router.register("certificates", CertificateViewSet, basename="certificate")
router.register("", PersonViewSet, basename="person")

urlpatterns = router.urls
