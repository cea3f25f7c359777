"""The small forms of the follow-up and moderation pages: a transition's message, a comment, a file, a moderator,
a search synonym."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from synergies.lib.uploads import validate_upload
from synergies.lib.widgets import use_fast_selects
from synergies.poles.models import Pole

# PDF, images and office documents (DESIGN §8: checked by content, size-limited).
ATTACHMENT_TYPES = (
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
)
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class TransitionForm(forms.Form):
    """The optional (or, to ask for changes, required) message sent with a change of state."""

    message = forms.CharField(
        label=_("Message"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Votre message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class AttachmentForm(forms.Form):
    title = forms.CharField(
        label=_("Intitulé"), max_length=200, required=False, help_text=_("Par défaut : le nom du fichier.")
    )
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, image ou document bureautique (Word, Excel, PowerPoint, OpenDocument), 10 Mo au plus."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.cleaned_data["content_type"] = validate_upload(
            upload, allowed=ATTACHMENT_TYPES, max_bytes=ATTACHMENT_MAX_BYTES
        )
        return upload


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name()} ({obj.email})"


class ModeratorForm(forms.Form):
    user = UserChoiceField(
        label=_("Personne"),
        queryset=get_user_model().objects.none(),
        help_text=_("Parmi les personnes du bassin qui ont un compte."),
    )

    def __init__(self, *args: Any, pole: Pole, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        candidates = (
            get_user_model()
            .objects.filter(is_active=True, person__basin=pole.basin)
            .exclude(moderations__pole=pole)
            .order_by("full_name", "email")
        )
        field = cast(forms.ModelChoiceField, self.fields["user"])
        field.queryset = candidates
        use_fast_selects(self)


class SynonymForm(forms.Form):
    term = forms.CharField(label=_("Terme"), max_length=100, help_text=_("Un mot ou une expression, p. ex. « TIC »."))
    expansions = forms.CharField(
        label=_("Équivalents"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mots ou expressions séparés par des virgules, p. ex. « numérique, informatique »."),
    )
