"""Reading the referentials: the index, a version and its tree, a concept, what changed between two versions, a
version's change log and its exports.

Every page reads the whole version it shows in a fixed handful of queries (the tree is built in Python from one
query, see tree.py), so a 14 000-skill ESCO version costs the database what a 30-concept draft costs; what grows
with the data is only the HTML, which is why the largest trees are shown two levels deep until one searches them.
Released versions are public wherever the framework is; drafts exist only for those who follow the pôle
(rules.py), everyone else gets a 404 as if the draft did not exist.

One module per kind of page: `versions` (the index, the pôle's section, a version and its tree), `concepts`,
`comparison` (two versions compared, a version's change log) and `downloads` (a version's files).
"""

from synergies.skills.views.public.comparison import version_changes, version_diff
from synergies.skills.views.public.concepts import Crosswalk as Crosswalk
from synergies.skills.views.public.concepts import HistoryRow as HistoryRow
from synergies.skills.views.public.concepts import PalierRow as PalierRow
from synergies.skills.views.public.concepts import concept_latest, version_concept
from synergies.skills.views.public.downloads import Download as Download
from synergies.skills.views.public.downloads import version_export
from synergies.skills.views.public.versions import IndexRow as IndexRow
from synergies.skills.views.public.versions import Step as Step
from synergies.skills.views.public.versions import VersionRow as VersionRow
from synergies.skills.views.public.versions import concept_url_maker as concept_url_maker
from synergies.skills.views.public.versions import framework_index, framework_latest, pole_referential, version_detail
from synergies.skills.views.public.versions import tree_steps as tree_steps

__all__ = [
    "concept_latest",
    "framework_index",
    "framework_latest",
    "pole_referential",
    "version_changes",
    "version_concept",
    "version_detail",
    "version_diff",
    "version_export",
]
