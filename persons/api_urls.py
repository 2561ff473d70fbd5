from rest_framework.routers import SimpleRouter

from .api import (
    CertificateViewSet,
    ContributionViewSet,
    HardshipCertificationViewSet,
    LabourContractViewSet,
    PersonViewSet,
    UnemploymentRegistrationViewSet,
)

router = SimpleRouter()
router.register("labour-contracts", LabourContractViewSet, basename="labour-contract")
router.register("certificates", CertificateViewSet, basename="certificate")
router.register("unemployment-registrations", UnemploymentRegistrationViewSet, basename="unemployment-registration")
router.register("contributions", ContributionViewSet, basename="person-contribution")
router.register("hardship-certifications", HardshipCertificationViewSet, basename="hardship-certification")
router.register("", PersonViewSet, basename="person")

urlpatterns = router.urls
