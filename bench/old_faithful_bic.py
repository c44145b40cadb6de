"""Reference side of bench/old_faithful_bic.ts: scikit-learn's GaussianMixture
on Old Faithful's eruption durations for k = 1 ... 5.

Reads JSON on stdin: {"data": [x, ...], "ks": [1, ...], "reg_covar": float,
"n_init": int, "tol": float}. For each k and each of two initialisations
("kmeans", scikit-learn's default, and "random_from_data") it fits n_init
single-start models (random_state 0 ... n_init - 1) and reports:

- "own": the model GaussianMixture(n_init=n_init) itself would keep (the
  highest lower bound), with whether it is degenerate;
- "proper": the best model with no degenerate component.

Degenerate, as in emlab: a variance within a factor 2 of reg_covar
(scikit-learn adds reg_covar to every variance, so the component's own
spread is at most reg_covar) or fewer than 2 effective points (n * weight).
Writes JSON on stdout.
"""

import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture


def summary(gm, x, reg_covar):
    variances = gm.covariances_.ravel()
    counts = gm.weights_ * x.shape[0]
    degenerate = [
        h + 1
        for h in range(len(variances))
        if variances[h] <= 2 * reg_covar or counts[h] < 2
    ]
    return {
        "logLikelihood": float(gm.score(x) * x.shape[0]),
        "bic": float(gm.bic(x)),
        "degenerate": degenerate,
        "converged": bool(gm.converged_),
    }


def main() -> None:
    job = json.load(sys.stdin)
    x = np.asarray(job["data"], dtype=np.float64)[:, None]
    out = {"sklearn": sklearn.__version__, "rows": []}
    for k in job["ks"]:
        row = {"k": k}
        for init in ("kmeans", "random_from_data"):
            fits = []
            for seed in range(job["n_init"]):
                gm = GaussianMixture(
                    n_components=k,
                    init_params=init,
                    n_init=1,
                    tol=job["tol"],
                    max_iter=100_000,
                    reg_covar=job["reg_covar"],
                    random_state=seed,
                )
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    gm.fit(x)
                fits.append((gm.lower_bound_, summary(gm, x, job["reg_covar"])))
            own = max(fits, key=lambda f: f[0])[1]
            proper = [f[1] for f in fits if not f[1]["degenerate"]]
            row[init] = {
                "own": own,
                "proper": max(proper, key=lambda s: s["logLikelihood"]) if proper else None,
                "degenerateRuns": sum(1 for f in fits if f[1]["degenerate"]),
            }
        out["rows"].append(row)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
