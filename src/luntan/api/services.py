"""Writes on access tokens: a member creates and revokes their own."""

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import TOKEN_PREFIX, AccessToken, digest_of

# A member keeps at most this many usable tokens: enough for every script, not a store of keys.
MAX_TOKENS = 20


class TokenLimitReached(Exception):
    pass


def create_token(*, user, name: str, days: int | None) -> tuple[AccessToken, str]:
    """A new token for `user`; the secret is returned once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + timedelta(days=days) if days else None
    with transaction.atomic():
        # The member's row is locked so two simultaneous requests cannot both pass the limit.
        get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
        if AccessToken.objects.usable().filter(user=user).count() >= MAX_TOKENS:
            raise TokenLimitReached
        token = AccessToken.objects.create(
            user=user,
            name=name,
            digest=digest_of(secret),
            hint=secret[: len(TOKEN_PREFIX) + 6],
            expires_at=expires_at,
        )
    return token, secret


def revoke_token(*, user, token_id: int) -> bool:
    """Revoke one of `user`'s own tokens; False when there is no such token of theirs."""
    changed = AccessToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return bool(changed)
