"""Lesson 04, learning from data: regression, capacity, estimation, validation, evaluation.

A subpackage because the lesson is large; every public name is re-exported here, so
``from course_lib import learning as lr; lr.normal_equation(...)`` works. Modules:
``regression`` (normal equation, degree sweeps, ridge), ``capacity`` (shattering, no free
lunch, Bayes error), ``neighbors`` (k-NN), ``resampling`` (cross-validation kinds),
``estimation`` (maximum likelihood, consistency, MAP), ``evaluation`` (metrics, ROC/PR,
imbalance). Used in ``notebooks/04_learning_from_data.ipynb``.
"""

from . import capacity, estimation, evaluation, neighbors, regression, resampling
from .capacity import *  # noqa: F403
from .estimation import *  # noqa: F403
from .evaluation import *  # noqa: F403
from .neighbors import *  # noqa: F403
from .regression import *  # noqa: F403
from .resampling import *  # noqa: F403

__all__ = [*regression.__all__, *capacity.__all__, *neighbors.__all__, *resampling.__all__,
           *estimation.__all__, *evaluation.__all__]
