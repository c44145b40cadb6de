"""Reference side of bench/old_faithful_sklearn.ts: scikit-learn's
GaussianMixture (full covariance) started from given parameters.

Reads JSON on stdin: {"data": [[x, y], ...], "start": {weights, means,
covariances}, "ridge": float, "runs": [{"max_iter": int, "tol": float}, ...]}.
Writes JSON on stdout: one result per run with the fitted parameters, the
log-likelihood sum_i log p(x_i) (score(X) * N), n_iter_ and converged_.
"""

import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture


def main() -> None:
    job = json.load(sys.stdin)
    x = np.asarray(job["data"], dtype=np.float64)
    start = job["start"]
    weights = np.asarray(start["weights"], dtype=np.float64)
    means = np.asarray(start["means"], dtype=np.float64)
    precisions = np.linalg.inv(np.asarray(start["covariances"], dtype=np.float64))
    results = []
    for run in job["runs"]:
        gm = GaussianMixture(
            n_components=len(weights),
            covariance_type="full",
            weights_init=weights,
            means_init=means,
            precisions_init=precisions,
            reg_covar=job["ridge"],
            tol=run["tol"],
            max_iter=run["max_iter"],
            n_init=1,
            random_state=0,
        )
        with warnings.catch_warnings():
            # A fixed number of iterations (tol 0) is meant not to converge.
            warnings.simplefilter("ignore", ConvergenceWarning)
            gm.fit(x)
        results.append(
            {
                "weights": gm.weights_.tolist(),
                "means": gm.means_.tolist(),
                "covariances": gm.covariances_.tolist(),
                "logLikelihood": float(gm.score(x) * x.shape[0]),
                "iterations": int(gm.n_iter_),
                "converged": bool(gm.converged_),
            }
        )
    json.dump({"sklearn": sklearn.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
