from rest_framework.routers import DefaultRouter

from recruitment import api

router = DefaultRouter()
router.register("events", api.EventViewSet, basename="recruitment-event")
router.register("postings", api.PostingViewSet, basename="recruitment-posting")
router.register("registrations", api.RegistrationViewSet, basename="recruitment-registration")
router.register("ledger", api.LedgerViewSet, basename="recruitment-ledger")

urlpatterns = router.urls
