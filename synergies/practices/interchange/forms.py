"""The upload form of the import page: a text file of limited size, checked by its content, not its name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from synergies.lib import uploads, xlsxio

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
TEXT_TYPES = ("text/plain", "application/octet-stream")  # a Windows-1252 file is not valid UTF-8: sniffed as octets


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Les 16 colonnes du modèle, dans n’importe quel ordre ; UTF-8 ou Windows-1252, séparateur virgule, "
            "point-virgule ou tabulation ; 20 Mo au plus."
        ),
    )
    publish = forms.BooleanField(
        label=_("Publier les fiches créées ou mises à jour"),
        required=False,
        help_text=_("Sans cette case, les nouvelles fiches restent des brouillons ; les fiches publiées le restent."),
    )

    def __init__(self, *args: Any, can_publish: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["publish"]

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("Le fichier pèse %(size)s ; le maximum est %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_UPLOAD_BYTES)},
                code="too_large",
            )
        self.cleaned_data["filename"] = upload.name or ""
        data = upload.read()
        head = data[:2048]
        if xlsxio.looks_like_spreadsheet(head):
            raise ValidationError(
                _("Ce fichier est un classeur : enregistrez-le au format « CSV UTF-8 », puis réessayez."),
                code="bad_type",
            )
        if b"\x00" in data or uploads.sniff(head, upload.name or "") not in TEXT_TYPES:
            raise ValidationError(_("Ce fichier n’est pas un fichier CSV (texte)."), code="bad_type")
        return data
