from __future__ import annotations

import secrets
from functools import cached_property
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles held within a scope (today a basin). Platform admins are superusers and need no scope."""

    SECRETARIAT = "secretariat", _("Secrétariat du bassin")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return (email or "").strip().lower()

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        email = self.normalize_email(email)
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=self.normalize_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in, identified by e-mail address."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    full_name = models.CharField(_("nom complet"), max_length=150, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("accès à l'administration technique"), default=False)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("utilisateur·rice")
        verbose_name_plural = _("utilisateur·rices")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_platform_admin(self) -> bool:
        return bool(self.is_active and self.is_superuser)

    @cached_property
    def role_scopes(self) -> frozenset[tuple[str, int, str]]:
        """(role, content type id, object id) of every role the user holds, read once per request."""
        if not self.pk:
            return frozenset()
        return frozenset(self.role_assignments.values_list("role", "content_type_id", "object_id"))

    def scope_ids(self, role: str, model: type[models.Model]) -> set[str]:
        if not self.is_active:
            return set()
        content_type = ContentType.objects.get_for_model(model)
        return {oid for (r, ct, oid) in self.role_scopes if r == role and ct == content_type.pk}

    def role_scope_pairs(self, role: str) -> set[tuple[int, str]]:
        """(content type id, object id) of every scope where the user holds `role`."""
        if not self.is_active:
            return set()
        return {(ct, oid) for (r, ct, oid) in self.role_scopes if r == role}

    def has_role(self, role: str, scope: models.Model | None = None) -> bool:
        if not self.is_active:
            return False
        if scope is None:
            return any(r == role for (r, _ct, _oid) in self.role_scopes)
        content_type = ContentType.objects.get_for_model(scope)
        return (role, content_type.pk, str(scope.pk)) in self.role_scopes


class RoleAssignment(models.Model):
    """A role held by a user within a scope (a basin today, a pôle tomorrow)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rôle"), max_length=32, choices=Role.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    scope = GenericForeignKey("content_type", "object_id")
    granted_at = models.DateTimeField(_("attribué le"), auto_now_add=True)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("attribué par")
    )

    class Meta:
        verbose_name = _("rôle attribué")
        verbose_name_plural = _("rôles attribués")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "content_type", "object_id"], name="unique_role_per_scope")
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


def _new_nonce() -> str:
    return secrets.token_urlsafe(16)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())

    def expired(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, expires_at__lte=timezone.now())


class Invitation(models.Model):
    """An invitation to set a password: a one-time link, valid until `expires_at`.

    The account exists (inactive) from the moment of the invitation, so that the directory can link the person to it;
    the link carries a signed (invitation id, nonce) pair, and a new sending changes the nonce, which voids older links.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("invité par")
    )
    role = models.CharField(_("rôle"), max_length=32, choices=Role.choices, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    scope = GenericForeignKey("content_type", "object_id")
    nonce = models.CharField(max_length=32, default=_new_nonce)
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user.email} ({self.created_at:%Y-%m-%d})"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status_label(self) -> str:
        if self.accepted_at:
            return str(_("acceptée"))
        if self.revoked_at:
            return str(_("annulée"))
        if self.expires_at <= timezone.now():
            return str(_("expirée"))
        return str(_("en attente"))


class TOTPDevice(models.Model):
    """A user's authenticator app: the shared secret, confirmed once the user has typed a first valid code."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(
        default=0, help_text="Time step of the last accepted code; never accepted twice."
    )

    class Meta:
        verbose_name = _("application d'authentification")
        verbose_name_plural = _("applications d'authentification")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """A single-use code for when the authenticator is lost; only its hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("code de secours")
        verbose_name_plural = _("codes de secours")

    def __str__(self) -> str:
        return f"{self.user} ({'utilisé' if self.used_at else 'disponible'})"


class ErasureRequest(models.Model):
    """A person's request that their personal data be erased, executed (or refused) by the secretariat."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        DONE = "done", _("exécutée")
        REFUSED = "refused", _("refusée")

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="erasure_requests")
    requested_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    status = models.CharField(_("état"), max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answer = models.TextField(_("réponse"), blank=True)

    class Meta:
        verbose_name = _("demande d'effacement")
        verbose_name_plural = _("demandes d'effacement")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_status_display()}"


class Erasure(models.Model):
    """The trace that an erasure happened, and its number (« Personne supprimée n° 12 »). Holds no personal data."""

    erased_at = models.DateTimeField(_("effacée le"), auto_now_add=True)
    erased_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("motif"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("effacement")
        verbose_name_plural = _("effacements")
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def pseudonym(self) -> str:
        """Stored in records, so written in the platform's language rather than the reader's."""
        return f"Personne supprimée n°\u00a0{self.pk}"
