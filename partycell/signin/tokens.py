"""API tokens: issue, revoke, list, and the DRF authentication that refuses an expired one."""

import datetime
import secrets

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from partycell.accounts.models import User
from partycell.signin.models import ApiToken, token_digest

# How often "last used" is written: not on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=5)


def api_token_issue(*, user: User, name: str, lifetime: datetime.timedelta | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user``; the key is returned once and only its digest is stored."""
    key = secrets.token_hex(20)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        digest=token_digest(key),
        prefix=key[:8],
        expires_at=timezone.now() + (lifetime or settings.API_TOKEN_LIFETIME),
    )
    return token, key


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def api_token_revoke(*, user: User, token_id: int) -> bool:
    """Revoke one of ``user``'s own tokens; ``False`` when there is none with that id (another's)."""
    deleted, _rows = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return deleted > 0


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``: a PartyCell API token, refused once expired or revoked."""

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
        if token is None or token.is_expired():
            raise AuthenticationFailed(_("Invalid or expired token."))
        if not token.user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
