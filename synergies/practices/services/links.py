"""The periodic link check: every link of a public practice is tried, and a holder hears of the ones that broke.

A link counts as broken after two failed checks in a row (a site down for an hour is not broken). The checker only
ever asks public addresses: a contributor cannot make the server probe its own network.
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.practices.models import Link, Practice
from synergies.practices.models.vocabulary import PUBLIC_STATUSES

CHECK_EVERY = datetime.timedelta(days=7)
FAILURES_BEFORE_BROKEN = 2
TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Outcome:
    ok: bool
    http_status: int | None = None
    failure: str = ""


def _is_public_host(host: str) -> bool:
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        return False
    return bool(addresses) and all(ipaddress.ip_address(str(a).split("%")[0]).is_global for a in addresses)


def fetch(url: str) -> Outcome:
    """Ask the address with HEAD (GET when a server refuses HEAD); 2xx and 3xx count as reachable."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Outcome(False, failure=_("adresse invalide"))
    if not _is_public_host(parts.hostname):
        return Outcome(False, failure=_("serveur introuvable ou non public"))
    headers = {"User-Agent": f"Synergies link checker (+{settings.SITE_URL})"}
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return Outcome(True, response.status)
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return Outcome(False, error.code, _("erreur HTTP %(code)s") % {"code": error.code})
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            return Outcome(False, failure=str(reason)[:200])
    return Outcome(False, failure=_("aucune réponse"))


def record_outcome(link: Link, outcome: Outcome) -> bool:
    """Store what the check saw; True when the link has just become broken (its holder must hear of it)."""
    link.checked_at = timezone.now()
    link.http_status = outcome.http_status
    if outcome.ok:
        link.status, link.failure, link.failures, link.holder_notified_at = Link.Status.OK, "", 0, None
        link.save(update_fields=["checked_at", "http_status", "status", "failure", "failures", "holder_notified_at"])
        return False
    link.failures += 1
    link.failure = outcome.failure[:200]
    newly_broken = link.failures >= FAILURES_BEFORE_BROKEN and link.status != Link.Status.BROKEN
    if link.failures >= FAILURES_BEFORE_BROKEN:
        link.status = Link.Status.BROKEN
    link.save(update_fields=["checked_at", "http_status", "status", "failure", "failures"])
    return newly_broken


def links_to_check(now: datetime.datetime | None = None) -> list[int]:
    """Ids of the practices having a link of a public record not checked for a week."""
    before = (now or timezone.now()) - CHECK_EVERY
    links = Link.objects.filter(practice__status__in=PUBLIC_STATUSES).due_for_check(before)
    return sorted(set(links.values_list("practice_id", flat=True)))


def check_links(practice_id: int, *, fetcher: Callable[[str], Outcome] = fetch) -> list[Link]:
    """Check every link of one practice; returns the links that have just broken (and notifies its editors)."""
    practice = Practice.objects.filter(pk=practice_id).first()
    if practice is None:
        return []
    broken = []
    for link in practice.links.all():
        outcome = fetcher(link.url)
        with transaction.atomic():
            if record_outcome(link, outcome):
                broken.append(link)
    if broken:
        from synergies.practices import notifications

        notifications.notify_broken_links(practice, broken)
        Link.objects.filter(pk__in=[link.pk for link in broken]).update(holder_notified_at=timezone.now())
    return broken
