"""Reference side of bench/sklearn_models.ts: scikit-learn's GaussianMixture
for each of its four covariance types and k = 1 ... 5 on Old Faithful (2-D)
and the iris measurements (4-D), from the same starts as emlab.

Reads JSON on stdin: {"data_sets": {name: {"points": [[...], ...],
"initial_classes": {"1": [...], ..., "5": [...]}}}, "max_iter", "reg_covar"}.
The start of each cell is scikit-learn's own M-step from the hard
classification (mclust's hierarchical clustering, the start of
tests/mclust_models_test.ts): weights, means and covariances of that
covariance type with reg_covar on the diagonal. From it, exactly max_iter EM
iterations (tol=0); writes the start, the fitted parameters (covariances as
full matrices) and the total log-likelihood score(X) * N (score is the mean
per point) of the fitted parameters.
"""

import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _estimate_gaussian_parameters

TYPES = ["spherical", "diag", "tied", "full"]


def full_covariances(kind: str, c: np.ndarray, k: int, d: int) -> list:
    if kind == "full":
        return c.tolist()
    if kind == "tied":
        return [c.tolist() for _ in range(k)]
    if kind == "diag":
        return [np.diag(row).tolist() for row in c]
    if kind == "spherical":
        return [(v * np.eye(d)).tolist() for v in c]
    raise ValueError(kind)


def precisions(kind: str, c: np.ndarray) -> np.ndarray:
    if kind == "full":
        return np.linalg.inv(c)
    if kind == "tied":
        return np.linalg.inv(c)
    return 1.0 / c


def main() -> None:
    job = json.load(sys.stdin)
    max_iter, reg_covar = int(job["max_iter"]), float(job["reg_covar"])
    out = {}
    for name, spec in job["data_sets"].items():
        x = np.asarray(spec["points"], dtype=np.float64)
        n, d = x.shape
        cells = []
        for kind in TYPES:
            for key, classes in spec["initial_classes"].items():
                k = int(key)
                resp = np.zeros((n, k))
                resp[np.arange(n), np.asarray(classes) - 1] = 1.0
                nk, means, covs = _estimate_gaussian_parameters(x, resp, reg_covar, kind)
                weights = nk / nk.sum()
                gm = GaussianMixture(
                    n_components=k,
                    covariance_type=kind,
                    weights_init=weights,
                    means_init=means,
                    precisions_init=precisions(kind, covs),
                    reg_covar=reg_covar,
                    tol=0.0,
                    max_iter=max_iter,
                    n_init=1,
                    random_state=0,
                )
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    gm.fit(x)
                cells.append({
                    "covarianceType": kind,
                    "k": k,
                    "start": {
                        "weights": weights.tolist(),
                        "means": means.tolist(),
                        "covariances": full_covariances(kind, covs, k, d),
                    },
                    "iterations": int(gm.n_iter_),
                    "weights": gm.weights_.tolist(),
                    "means": gm.means_.tolist(),
                    "covariances": full_covariances(kind, gm.covariances_, k, d),
                    "logLikelihood": float(gm.score(x) * n),
                })
        out[name] = {"n": n, "d": d, "cells": cells}
    json.dump({
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "maxIter": max_iter,
        "regCovar": reg_covar,
        "dataSets": out,
    }, sys.stdout)


if __name__ == "__main__":
    main()
