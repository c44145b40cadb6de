"""scikit-learn's reg_covar beside MAP EM (tests/map_prior_test.ts, notebook 06).

Old Faithful eruptions, k = 4, one component started narrow on the six tied values 4.8:
prints, for several reg_covar, the fitted means, standard deviations and log-likelihood.
Run: .cache/ref-venv/bin/python bench/sklearn_reg_covar.py
"""
import csv

import numpy as np
from sklearn.mixture import GaussianMixture

with open("notebooks/data/old_faithful.csv") as f:
    x = np.array([float(r["eruptions"]) for r in csv.DictReader(f)]).reshape(-1, 1)

starts = {
    "k=2": ([0.5, 0.5], [2, 4], [1, 1]),
    "k=4 tied": ([0.25] * 4, [2, 3.5, 4.3, 4.8], [0.3, 0.3, 0.3, 0.02]),
}
for name, (w, mu, sd) in starts.items():
    for reg in [1e-6, 1e-3, 1e-2]:
        gm = GaussianMixture(
            n_components=len(w),
            covariance_type="full",
            weights_init=w,
            means_init=np.array(mu).reshape(-1, 1),
            precisions_init=np.array([[[1 / s**2]] for s in sd]),
            reg_covar=reg,
            tol=1e-12,
            max_iter=10000,
        ).fit(x)
        ll = gm.score(x) * len(x)
        print(
            f"{name} reg_covar={reg:g}: iterations {gm.n_iter_}, means "
            + " ".join(f"{m:.4f}" for m in gm.means_.ravel())
            + ", sd "
            + " ".join(f"{np.sqrt(c):.4g}" for c in gm.covariances_.ravel())
            + f", weights " + " ".join(f"{p:.4f}" for p in gm.weights_)
            + f", log L {ll:.4f}"
        )
