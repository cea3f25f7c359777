"""The background task of large imports: a thin wrapper taking the job's id, queued on commit."""

from django_tasks import task

from synergies.practices.interchange import jobs


@task()
def run_import_job(job_id: int) -> None:
    jobs.run_job(job_id)
