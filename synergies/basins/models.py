from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from synergies.lib.fields import URLField


class Basin(models.Model):
    """A Bassin EFE and its Instance bassin."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    website = URLField(_("site web"), blank=True)
    contact_email = models.EmailField(_("adresse de contact"), blank=True)

    class Meta:
        verbose_name = _("bassin EFE")
        verbose_name_plural = _("bassins EFE")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:basin", kwargs={"code": self.code})

    @property
    def instance_name(self) -> str:
        return _("Instance Bassin EFE %(name)s") % {"name": self.name}

    @property
    def audit_scope(self) -> Basin:
        return self

    def sub_areas(self) -> list[str]:
        return list(self.communes.order_by("sub_area").values_list("sub_area", flat=True).distinct())


class Chamber(models.Model):
    class Kind(models.TextChoices):
        EDUCATION = "education", _("Chambre Enseignement")
        EMPLOYMENT_TRAINING = "employment_training", _("Chambre Emploi-Formation")

    basin = models.ForeignKey(Basin, on_delete=models.CASCADE, related_name="chambers", verbose_name=_("bassin"))
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=150)
    sub_area = models.CharField(_("sous-région"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("chambre")
        verbose_name_plural = _("chambres")
        ordering = ["basin", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["basin", "name"], name="unique_chamber_name_per_basin")]

    def __str__(self) -> str:
        return self.name


class CommuneQuerySet(models.QuerySet["Commune"]):
    def by_code(self, code: str) -> Commune | None:
        """The commune with this NIS code, current or from before the 2019 mergers."""
        code = code.strip()
        return self.filter(models.Q(nis_code=code) | models.Q(aliases__nis_code=code)).distinct().first()


class Commune(models.Model):
    basin = models.ForeignKey(Basin, on_delete=models.PROTECT, related_name="communes", verbose_name=_("bassin"))
    name = models.CharField(_("nom"), max_length=80)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    nis_code = models.CharField(
        _("code INS"), max_length=5, unique=True, help_text=_("Code REFNIS en vigueur depuis 2019.")
    )
    postal_code = models.CharField(_("code postal principal"), max_length=4)
    sub_area = models.CharField(_("sous-région"), max_length=80)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommuneAlias(models.Model):
    """A NIS code the commune had before the mergers of 1 January 2019; older statistics still use it."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="aliases")
    nis_code = models.CharField(_("ancien code INS"), max_length=5, unique=True)
    valid_until = models.DateField(_("valable jusqu'au"))

    class Meta:
        verbose_name = _("ancien code INS")
        verbose_name_plural = _("anciens codes INS")

    def __str__(self) -> str:
        return f"{self.nis_code} → {self.commune}"


class PriorityTheme(models.Model):
    """A common theme (« thématique commune ») of the Instance's analytical and prospective report."""

    class Kind(models.TextChoices):
        SECTOR = "sector", _("secteur d'activité")
        FIELD = "field", _("filière professionnelle")
        OCCUPATION = "occupation", _("métier")

    basin = models.ForeignKey(Basin, on_delete=models.CASCADE, related_name="themes", verbose_name=_("bassin"))
    report_year = models.PositiveSmallIntegerField(_("année du rapport"))
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("thématique commune")
        verbose_name_plural = _("thématiques communes")
        ordering = ["basin", "-report_year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["basin", "report_year", "title"], name="unique_theme_per_report")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.report_year})"
