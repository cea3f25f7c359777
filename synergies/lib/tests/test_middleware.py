"""lib.middleware.ServerTimingMiddleware: the app time and the number of SQL queries, on every response."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from synergies.lib.middleware import ServerTimingMiddleware
from synergies.lib.models import AuditEntry

pytestmark = pytest.mark.django_db

SERVER_TIMING = re.compile(r'^app;dur=\d+\.\d{2}, db;dur=\d+\.\d{2};desc="(\d+) queries"$')


@pytest.mark.urls("synergies.lib.tests.urls")
@pytest.mark.parametrize("count", [0, 1, 3, 7])
def test_the_query_count_header_equals_the_number_of_queries_the_view_runs(client, count):
    response = client.get(f"/queries/?n={count}")

    assert response.status_code == 200
    assert response["X-Query-Count"] == str(count)
    match = SERVER_TIMING.match(response["Server-Timing"])
    assert match is not None, response["Server-Timing"]
    assert match.group(1) == str(count)


def test_the_query_count_of_a_real_page_includes_session_and_user_queries(secretary_client):
    with CaptureQueriesContext(connection) as queries:
        response = secretary_client.get("/compte/mot-de-passe/")

    assert response.status_code == 200
    assert len(queries) >= 2
    assert response["X-Query-Count"] == str(len(queries))
    assert SERVER_TIMING.match(response["Server-Timing"])


def test_the_middleware_counts_the_queries_of_the_wrapped_handler_only(rf: RequestFactory):
    def view(request):
        AuditEntry.objects.count()
        AuditEntry.objects.exists()
        return HttpResponse("ok")

    middleware = ServerTimingMiddleware(view)
    AuditEntry.objects.count()

    response = middleware(rf.get("/"))

    assert response["X-Query-Count"] == "2"


def test_no_header_is_added_when_server_timing_is_switched_off(settings, rf: RequestFactory):
    settings.SERVER_TIMING = False
    middleware = ServerTimingMiddleware(lambda request: HttpResponse("ok"))

    response = middleware(rf.get("/"))

    assert "Server-Timing" not in response
    assert "X-Query-Count" not in response
