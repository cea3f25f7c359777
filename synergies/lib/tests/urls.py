"""A view that runs as many queries as asked, to check what the Server-Timing middleware counts."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from synergies.lib.models import AuditEntry


def run_queries(request: HttpRequest) -> HttpResponse:
    count = int(request.GET.get("n", "0"))
    for _ in range(count):
        AuditEntry.objects.exists()
    return HttpResponse(f"{count} queries")


urlpatterns = [path("queries/", run_queries)]
