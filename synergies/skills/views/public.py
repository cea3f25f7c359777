from django.http import Http404


def framework_index(request, **kwargs):  # placeholder while the pages are written
    raise Http404


def pole_referential(request, **kwargs):  # placeholder while the pages are written
    raise Http404


def framework_latest(request, **kwargs):  # placeholder while the pages are written
    raise Http404


def concept_latest(request, **kwargs):  # placeholder while the pages are written
    raise Http404


def version_diff(request, **kwargs):  # placeholder while the pages are written
    raise Http404


def version_detail(request, **kwargs):  # placeholder while the pages are written
    raise Http404


def version_concept(request, **kwargs):  # placeholder while the pages are written
    raise Http404


def version_changes(request, **kwargs):  # placeholder while the pages are written
    raise Http404


def version_export(request, **kwargs):  # placeholder while the pages are written
    raise Http404


