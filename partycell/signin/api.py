"""``POST /api/v1/auth/token/``: a password (and, where the second factor applies, a code) for an
expiring API token."""

from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from django_otp import match_token
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partycell.signin import services
from partycell.signin.lockout import lockout_message
from partycell.signin.throttling import ClientAddressRateThrottle
from partycell.signin.tokens import api_token_issue


class TokenObtainThrottle(ClientAddressRateThrottle):
    """Password guessing through the token endpoint: a few tries a minute per client address.

    The address is the one behind ``TRUSTED_PROXY_COUNT`` proxies (a forged ``X-Forwarded-For`` is
    ignored); with the cache down the throttle counts in each process instead of failing.
    """

    scope = "token_obtain"
    rate = "10/minute"


ENROL_FIRST = _("Your role requires a second factor: set up an authenticator app on the website first.")
CODE_REQUIRED = _("A valid code from your authenticator app is required.")


class TokenObtainSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("Username"), max_length=150, write_only=True)
    password = serializers.CharField(label=_("Password"), max_length=4096, trim_whitespace=False, write_only=True)
    otp_token = serializers.CharField(
        label=_("Code"),
        max_length=32,
        required=False,
        write_only=True,
        help_text=_(
            "A code from the authenticator app (or a recovery code): required when the user has a second factor."
        ),
    )
    name = serializers.CharField(label=_("Name"), max_length=100, required=False, write_only=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = authenticate(request=self.context["request"], username=attrs["username"], password=attrs["password"])
        if user is None:
            raise serializers.ValidationError(_("Unable to log in with provided credentials."), code="authorization")
        owed = services.second_factor_state(user)
        if owed == services.ENROL:
            raise PermissionDenied(ENROL_FIRST)
        if owed == services.VERIFY:
            code = services.normalise_code(attrs.get("otp_token", ""))
            if not code or match_token(user, code) is None:
                raise serializers.ValidationError({"otp_token": [CODE_REQUIRED]})
        attrs["user"] = user
        return attrs


class TokenObtainView(APIView):
    """``POST username, password`` (+ ``otp_token``) -> ``{"token", "expires_at"}``; send it as
    ``Authorization: Token <token>``. Each call issues a new token, valid ``API_TOKEN_LIFETIME_DAYS``;
    the owner lists and revokes them on the "Sign-in security" page. A locked-out account or address
    (django-axes, as on the log-in page) answers 429."""

    authentication_classes: list[type] = []
    permission_classes: list[type] = []
    throttle_classes = [TokenObtainThrottle]
    serializer_class = TokenObtainSerializer

    @extend_schema(
        request=TokenObtainSerializer,
        responses={
            200: inline_serializer(
                "TokenObtained", {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()}
            ),
            400: OpenApiResponse(description="Wrong credentials or code"),
            403: OpenApiResponse(description="A second factor must be set up first"),
            429: OpenApiResponse(description="Locked out or throttled"),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = TokenObtainSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):
                return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        user = serializer.validated_data["user"]
        token, key = api_token_issue(user=user, name=serializer.validated_data.get("name") or "API")
        return Response({"token": key, "expires_at": token.expires_at})



