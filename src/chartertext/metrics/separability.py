"""Separability: can a classifier still tell the groups apart from what they say?

A cross-validated logistic regression predicts each segment's group from its embedding. Its
balanced accuracy is rescaled against chance so that 1 means "no better than chance"
(indistinguishable groups) and 0 means "perfectly separable". Reported alongside the index,
not inside it: refitting a classifier for each bootstrap and permutation replicate would cost
minutes, and copies of one segment landing in both training and test folds would bias a
bootstrap.

References
----------
Brodersen, K. H., Ong, C. S., Stephan, K. E., & Buhmann, J. M. (2010). The balanced accuracy
and its posterior distribution. ICPR, 3121–3124.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict


def separability_convergence(
    embeddings: ArrayLike,
    groups: ArrayLike,
    *,
    seed: int = 0,
    n_splits: int = 5,
    C: float = 1.0,
) -> float:
    """One minus the chance-rescaled cross-validated balanced accuracy of predicting the group.

    Parameters
    ----------
    embeddings : array-like of shape (n, dim)
        Segment embeddings of one period (corrected or not: the classifier is affine-invariant
        up to regularisation).
    groups : array-like of shape (n,)
    seed : int, default 0
        Seeds the fold assignment.
    n_splits : int, default 5
        Folds; reduced to the size of the smallest group when that is smaller.
    C : float, default 1.0
        Inverse L2 regularisation strength of the logistic regression.

    Returns
    -------
    float
        :math:`1 - \\operatorname{clip}((acc - 1/k) / (1 - 1/k), 0, 1)` with ``acc`` the balanced
        accuracy and k the number of groups; NaN when fewer than two groups have two segments.
    """
    x = np.asarray(embeddings, dtype=np.float64)
    y = np.asarray(groups, dtype=object).astype(str)
    names, sizes = np.unique(y, return_counts=True)
    keep = np.isin(y, names[sizes >= 2])
    x, y = x[keep], y[keep]
    names, sizes = np.unique(y, return_counts=True)
    if len(names) < 2:
        return float("nan")
    folds = StratifiedKFold(n_splits=int(min(n_splits, sizes.min())), shuffle=True, random_state=seed)
    predicted = cross_val_predict(LogisticRegression(C=C, max_iter=1000), x, y, cv=folds)
    accuracy = balanced_accuracy_score(y, predicted)
    chance = 1.0 / len(names)
    return float(1.0 - np.clip((accuracy - chance) / (1.0 - chance), 0.0, 1.0))
