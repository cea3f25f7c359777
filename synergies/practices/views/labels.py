"""The one page action of the label: the secretariat puts a practice before the committee, which decides it in
the register like any other proposal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergies.lib.views import require_perm
from synergies.practices.models import Practice
from synergies.practices.services.labels import propose_label


@login_required
@require_POST
def label_propose(request: HttpRequest, slug: str) -> HttpResponse:
    practice = get_object_or_404(Practice.objects.select_related("pole__basin"), slug=slug)
    if not request.user.has_perm("practices.view_practice", practice):
        raise Http404
    require_perm(request, "practices.propose_label", practice)
    try:
        proposal = propose_label(practice, by=request.user, rationale=request.POST.get("rationale", "")[:4000])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(practice.get_absolute_url())
    messages.success(request, _("La proposition de label est prête : inscrivez-la à l’ordre du jour du comité."))
    return redirect(proposal.get_absolute_url())
