"""What members do on a meeting: remark on circulated minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergies.meetings import services
from synergies.meetings.forms import RemarkForm
from synergies.meetings.views.common import get_meeting_for_user


@login_required
@require_POST
def remark_add(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, basin, code, pk, "meetings.remark_minutes")
    form = RemarkForm(request.POST)
    if form.is_valid():
        try:
            services.add_remark(
                meeting.minutes,
                text=form.cleaned_data["text"],
                by=request.user,
                manager=request.user.has_perm("meetings.change_meeting", meeting),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Votre remarque est transmise au secrétariat."))
    else:
        messages.error(request, _("La remarque est vide."))
    pole = meeting.body.pole
    response = redirect("meetings:detail", basin=pole.basin.code, code=pole.code, pk=meeting.pk)
    response["Location"] += "#remarques"
    return response
