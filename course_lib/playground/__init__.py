"""A trained-network playground in torch (lesson ``03_decision_boundaries``).

:class:`Playground` holds a two-class data set (one of :data:`course_lib.datasets.DATASETS_2D`,
the learner's own arrays, or a CSV file read by :func:`load_csv`), splits it into training,
validation and test parts, and trains a small fully connected network on chosen input
features; :func:`classic_classifiers` fits scikit-learn's classic models on the same split.
Nothing here imports matplotlib or ipywidgets.

Modules: :mod:`.data` (features, CSV, split), :mod:`.network` (the trainer),
:mod:`.classics` (the scikit-learn comparison).
"""

from .classics import CLASSIC_NAMES, classic_classifiers
from .data import FEATURES, feature_map, load_csv, split_data
from .network import (
    ACTIVATIONS,
    LOSSES,
    MUTABLE,
    OPTIMIZERS,
    Playground,
    TrainingDiverged,
    budget_runs,
)

__all__ = ["ACTIVATIONS", "CLASSIC_NAMES", "FEATURES", "LOSSES", "MUTABLE", "OPTIMIZERS",
           "Playground", "TrainingDiverged", "budget_runs", "classic_classifiers", "feature_map",
           "load_csv", "split_data"]
