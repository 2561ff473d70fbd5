"""The complaint API for other systems: no login, thin over the same form and service as the page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.inputs import ObjectJSONParser

from . import forms, protection, selectors, services
from .models import Channel


def _too_many(wait: int) -> Response:
    return Response({"detail": protection.retry_message(wait), "retry_after": wait},
                    status=status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": str(wait)})


class ComplaintCreateView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [ObjectJSONParser, MultiPartParser, FormParser]

    @extend_schema(
        summary="File a wage-arrears complaint",
        request=inline_serializer("ComplaintIn", {
            "complainant_name": serializers.CharField(), "complainant_phone": serializers.CharField(),
            "complainant_id_number": serializers.CharField(required=False), "employer_name": serializers.CharField(),
            "employer_uscc": serializers.CharField(required=False), "project_name": serializers.CharField(),
            "address": serializers.CharField(), "region_code": serializers.CharField(),
            "sector": serializers.ChoiceField(choices=["construction", "manufacturing", "services", "transport",
                                                       "water", "urban", "other"]),
            "workers_affected": serializers.IntegerField(min_value=1), "period_start": serializers.CharField(),
            "period_end": serializers.CharField(), "amount_owed": serializers.DecimalField(max_digits=12, decimal_places=2),
            "description": serializers.CharField(),
            "evidence": serializers.ListField(child=serializers.FileField(), required=False),
            "submission_key": serializers.UUIDField(required=False),
            "captcha_key": serializers.CharField(required=False, help_text="Only when challenged: the key of the 400 answer."),
            "captcha_value": serializers.CharField(required=False, help_text="Only when challenged: the characters in the picture.")}),
        responses={
            201: inline_serializer("ComplaintCreated", {"tracking_code": serializers.CharField()}),
            200: OpenApiResponse(description="A retried submit (same submission_key and phone): the code stored first."),
            400: OpenApiResponse(description="Invalid input: a list of messages per field, e.g. "
                                             '{"complainant_phone": ["请输入有效的手机号码。"]}. After many complaints from one '
                                             'address a submit without a right captcha answer gets a challenge: '
                                             '{"captcha": ["..."], "captcha_key": "...", "captcha_image_url": "https://.../captcha/image/<key>/"}; '
                                             "send the same submission again with captcha_key and captcha_value (each key answers once)."),
            429: OpenApiResponse(description='Too many submissions: {"detail": "...", "retry_after": seconds}, '
                                             "with a Retry-After header."),
        },
    )
    def post(self, request):
        wait = protection.ip_wait(request)
        with_captcha = protection.captcha_required(request)  # the same volume, form and API together
        data = protection.with_api_captcha_answer(request.data) if with_captcha else request.data
        form = forms.complaint_form_class(with_captcha=with_captcha)(data, request.FILES)
        if wait:
            retried = form.retried_complaint()
            if retried is None:
                return _too_many(wait)
            return Response({"tracking_code": retried.tracking_code}, status=status.HTTP_200_OK)
        if not form.is_valid():
            errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
            if "captcha" in errors:
                errors.update(protection.api_captcha_challenge(request))
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        phone = form.cleaned_data["complainant_phone"]
        try:
            intake = services.complaint_submit_public(
                data=form.to_input(), channel=Channel.API, submission_key=form.cleaned_data.get("submission_key"),
                phone_wait=lambda: protection.phone_wait(request, phone), request=request)
        except DomainError as exc:
            return Response({exc.field or "detail": [str(exc.message)]}, status=status.HTTP_400_BAD_REQUEST)
        if intake.retry_after:
            return _too_many(intake.retry_after)
        if intake.created:
            protection.note_submission(request)
        return Response({"tracking_code": intake.complaint.tracking_code},
                        status=status.HTTP_201_CREATED if intake.created else status.HTTP_200_OK)


class ComplaintStatusView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Status and timeline of a complaint",
        parameters=[OpenApiParameter("code", str, required=True), OpenApiParameter("phone_last4", str, required=True)],
        responses={
            200: inline_serializer("ComplaintStatus", {
                "tracking_code": serializers.CharField(), "status": serializers.CharField(),
                "steps": serializers.ListField(child=serializers.DictField())}),
            404: OpenApiResponse(description="No complaint matches this code and these digits (the same answer for "
                                             "a wrong code and for wrong digits)."),
            429: OpenApiResponse(description="Too many look-ups from this address."),
        },
    )
    def get(self, request):
        wait = protection.track_wait(request)
        if wait:
            return _too_many(wait)
        complaint = selectors.complaint_track(request.query_params.get("code", ""),
                                              request.query_params.get("phone_last4", ""))
        if complaint is None:
            return Response({"detail": _("No complaint matches this code and these digits.")},
                            status=status.HTTP_404_NOT_FOUND)
        return Response(selectors.tracking_view(complaint))
