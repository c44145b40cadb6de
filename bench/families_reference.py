"""Reference side of bench/families_reference.ts: scikit-learn's
GaussianMixture for each covariance family, started from given parameters.

Reads JSON on stdin: {"cases": [{"name", "data": [[...], ...], "covariance_type",
"start": {weights, means, covariances}, "max_iter"}]}. Each case runs exactly
max_iter EM iterations (tol=0, reg_covar=0) and writes the fitted parameters
(covariances as full matrices), the log-likelihood of the fitted parameters
(score(X) * N), bic(X) and the parameter count.
"""

import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture


def precisions(kind: str, covariances: np.ndarray) -> np.ndarray:
    if kind == "full":
        return np.linalg.inv(covariances)
    if kind == "tied":
        return np.linalg.inv(covariances[0])
    if kind == "diag":
        return 1.0 / np.array([np.diag(c) for c in covariances])
    if kind == "spherical":
        return 1.0 / np.array([c[0][0] for c in covariances])
    raise ValueError(kind)


def full_covariances(gm: GaussianMixture, k: int, d: int) -> list:
    c = gm.covariances_
    if gm.covariance_type == "full":
        return c.tolist()
    if gm.covariance_type == "tied":
        return [c.tolist() for _ in range(k)]
    if gm.covariance_type == "diag":
        return [np.diag(row).tolist() for row in c]
    if gm.covariance_type == "spherical":
        return [(v * np.eye(d)).tolist() for v in c]
    raise ValueError(gm.covariance_type)


def main() -> None:
    job = json.load(sys.stdin)
    out = []
    for case in job["cases"]:
        x = np.asarray(case["data"], dtype=np.float64)
        start = case["start"]
        covs = np.asarray(start["covariances"], dtype=np.float64)
        k, d = len(start["weights"]), x.shape[1]
        gm = GaussianMixture(
            n_components=k,
            covariance_type=case["covariance_type"],
            weights_init=np.asarray(start["weights"], dtype=np.float64),
            means_init=np.asarray(start["means"], dtype=np.float64),
            precisions_init=precisions(case["covariance_type"], covs),
            reg_covar=0.0,
            tol=0.0,
            max_iter=case["max_iter"],
            n_init=1,
            random_state=0,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            gm.fit(x)
        out.append({
            "name": case["name"],
            "weights": gm.weights_.tolist(),
            "means": gm.means_.tolist(),
            "covariances": full_covariances(gm, k, d),
            "logLikelihood": float(gm.score(x) * x.shape[0]),
            "bic": float(gm.bic(x)),
            "parameters": int(gm._n_parameters()),
            "iterations": int(gm.n_iter_),
        })
    json.dump({"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": out}, sys.stdout)


if __name__ == "__main__":
    main()
