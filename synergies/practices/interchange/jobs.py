"""Imports started from the web: small files at once, large ones by a background task, each kept as an ImportJob.

The import writes in one transaction, which other connections cannot see into before it commits; so the live
progress goes through the cache (shared by every process: Redis, or the file cache of the embedded default), and
the job row holds the state before and after.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.lib.csvio import Problem
from synergies.lib.tasks import enqueue_on_commit
from synergies.poles.models import Pole
from synergies.practices.interchange.importer import ImportRefused, import_practices
from synergies.practices.models import ImportJob

BACKGROUND_ABOVE_ROWS = 2000
KEPT_PROBLEMS = 1000
PROGRESS_TTL = 6 * 3600


def estimated_rows(data: bytes) -> int:
    """Lines after the header: an upper bound on the rows (a cell may hold line breaks)."""
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    return max(lines - 1, 0)


def _progress_key(job_id: int) -> str:
    return f"practices:import-job:{job_id}"


def live_progress(job: ImportJob) -> dict[str, int]:
    """Rows checked and written so far: from the cache while the job runs, else from the job."""
    stored = {"validated": job.validated_rows, "written": job.written_rows, "total": job.total_rows}
    if job.status == ImportJob.Status.RUNNING:
        stored.update(cache.get(_progress_key(job.pk)) or {})
    return stored


def percent(progress: dict[str, int]) -> int:
    """Checking counts for the first half, writing for the second."""
    total = progress.get("total") or 0
    if not total:
        return 0
    return min(100, round(50 * (progress.get("validated", 0) + progress.get("written", 0)) / total))


def _run(job: ImportJob, data: bytes) -> ImportJob:
    state = {"validated": 0, "written": 0, "total": job.total_rows}

    def progress(stage: str, done: int, total: int) -> None:
        state[stage], state["total"] = done, total
        cache.set(_progress_key(job.pk), state, PROGRESS_TTL)

    job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    try:
        report = import_practices(data, job.pole, by=job.created_by, publish=job.publish, progress=progress)
    except ImportRefused as refused:
        _finish(job, ImportJob.Status.FAILED, refused.problems, rows=refused.rows)
        return job
    except Exception:
        # Not the file's fault: the job says so, and the error goes on to the task runner's log.
        _finish(job, ImportJob.Status.FAILED, [Problem(0, "", _("erreur inattendue : l’import n’a rien écrit."))])
        raise
    job.created, job.updated, job.unchanged = report.created, report.updated, report.unchanged
    job.organisations_created = report.organisations_created
    job.written_rows = report.rows
    _finish(job, ImportJob.Status.DONE, [], rows=report.rows)
    return job


def _finish(job: ImportJob, status: str, problems: list[Problem], *, rows: int | None = None) -> None:
    job.status = status
    if rows is not None:
        job.total_rows = job.validated_rows = rows
    job.problem_count = len(problems)
    job.problems = [[p.line, p.column, p.message] for p in problems[:KEPT_PROBLEMS]]
    job.finished_at = timezone.now()
    if job.file:
        job.file.delete(save=False)  # the file may hold contact addresses: it is not kept once read
    job.save()
    cache.delete(_progress_key(job.pk))


def start_import(pole: Pole, data: bytes, *, by: Any, filename: str, publish: bool) -> ImportJob:
    """A job for the file: run now when small, queued (on commit) for the background worker when large."""
    rows = estimated_rows(data)
    job = ImportJob(pole=pole, created_by=by, publish=publish, filename=filename[:200], total_rows=rows)
    if rows <= BACKGROUND_ABOVE_ROWS:
        job.save()
        return _run(job, data)
    with transaction.atomic():
        job.file.save("import.csv", ContentFile(data), save=False)
        job.save()
        from synergies.practices.interchange import tasks

        enqueue_on_commit(tasks.run_import_job, job.pk)
    return job


def run_job(job_id: int) -> ImportJob | None:
    """The background task's work: read the stored file and import it (once: a finished job is left as it is)."""
    job = ImportJob.objects.select_related("pole__basin", "created_by").filter(pk=job_id).first()
    if job is None or job.status != ImportJob.Status.QUEUED:
        return job
    with job.file.open("rb") as handle:
        data = handle.read()
    return _run(job, data)
