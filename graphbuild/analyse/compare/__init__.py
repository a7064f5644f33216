"""Comparing counties: targets, aligned sections and tasks, agencies by function.

:func:`enrich` fills ``corpus.targets``, ``section_alignments``, ``alignments``,
``agency_alignments`` and ``inconsistencies``; it is deterministic (same input, same
output and the same ids). :func:`compare_report` gathers, for one battle (and
optionally one topic), what the ``compare`` command and the app's Compare page show.

Similarity is the cosine of character 1–3-gram TF-IDF vectors (computed as scikit-learn's
``TfidfVectorizer`` would, in plain Python), fitted on every task and section of the
corpus; Chinese needs no word segmentation this way. Targets and the battles of goal
sections are found per plan (:func:`plan_targets`, TF-IDF fitted on that plan).
Sections align one-to-one by the Hungarian method on the larger of heading and
content similarity, and a section left over joins its closest counterpart when that is
close enough; tasks align one-to-one inside aligned sections, greedily by score, at the
level (task or sub-item) where they match best: once a pair is taken, neither task's
ancestors nor descendants can pair again; a pair is then moved up to the parent tasks
when no sibling is paired. Two tasks of sections that did not align pair only when they
are very similar (:data:`CROSS_THRESHOLD`), and their sections are then aligned too
(``by="tasks"``). A task with no pair at or above :data:`PAIR_THRESHOLD` is unique to its
county. Task similarity is the mean of title and text similarity.
"""

from graphbuild.analyse.compare.alignment import (
    CROSS_THRESHOLD,
    PAIR_THRESHOLD,
    SECTION_THRESHOLD,
    TITLE_MODE,
    align_agencies,
    align_sections_and_tasks,
    load_functions,
)
from graphbuild.analyse.compare.inconsistencies import find_inconsistencies
from graphbuild.analyse.compare.report import (
    MAX_ALIGNED_PAIRS,
    align,
    aligned_at_build,
    compare_report,
    enrich,
    plan_targets,
)
from graphbuild.analyse.compare.similarity import Similarity, _corpus_similarity, goal_battles

__all__ = [
    "CROSS_THRESHOLD",
    "MAX_ALIGNED_PAIRS",
    "PAIR_THRESHOLD",
    "SECTION_THRESHOLD",
    "TITLE_MODE",
    "Similarity",
    "_corpus_similarity",
    "align",
    "align_agencies",
    "align_sections_and_tasks",
    "aligned_at_build",
    "compare_report",
    "enrich",
    "find_inconsistencies",
    "goal_battles",
    "load_functions",
    "plan_targets",
]
