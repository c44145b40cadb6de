"""Peers of emlab's fused EM iteration, timed per iteration on the same data.

Run by bench/compare.ts (``deno task bench:compare``), which writes each data
set once as raw little-endian float64 and passes a JSON manifest as the first
line on stdin:

    {"cases": [{"file", "n", "k", "iterations", "repeats",
                "start": {"weights", "means", "stdDevs"}}, ...]}

then one request per line, and waits for each answer (one JSON line on
stdout) before it times emlab again, so that the two never run at the same
time and each of emlab's repeats is followed by one of the peer's:

    {"case": i}      all repeats of 1-D case i
    {"mvCase": i}    one repeat of d-dimensional case i

For a 1-D case it prints the median milliseconds per iteration and the final
parameters of

* scikit-learn's ``GaussianMixture`` (one feature, ``covariance_type="full"``,
  ``reg_covar=0``, ``tol=0``, ``max_iter`` fixed, started from the same
  weights, means and precisions). Only the E- and M-steps of the iteration
  loop are timed: initialisation and the final E-step that ``fit`` runs for
  its labels are excluded.
* the original write-up's algorithm in numpy/scipy: ``scipy.stats.norm.pdf``
  per component, responsibilities normalised per point, and the three
  closed-form updates of lambda, mu, sigma.

Both run exactly the EM update emlab runs (emlab with variance floor 0).

The manifest's optional ``mvCases`` (each with ``d``, ``covariance`` — one of
scikit-learn's ``covariance_type`` values —, ``ridge`` and a start
``{"weights", "means", "covariances"}`` whose matrices belong to that type,
the data row-major N x d) are timed with scikit-learn's ``GaussianMixture``
of that covariance type only, ``reg_covar`` equal to emlab's ridge, one repeat
per request; its final covariances are returned as full k x d x d matrices.
"""

import json
import sys
import time
import warnings

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_info


def original_step(x, lam, mu, sigma):
    """One EM iteration as in the original write-up."""
    k = len(lam)
    # E-step: p(h | x_i) = lambda_h N(x_i | mu_h, sigma_h) / sum_j lambda_j N(x_i | mu_j, sigma_j)
    weighted = np.array([lam[h] * scipy.stats.norm.pdf(x, mu[h], sigma[h]) for h in range(k)])
    resp = weighted / weighted.sum(axis=0)
    # M-step: the three updates.
    new_lam, new_mu, new_sigma = np.empty(k), np.empty(k), np.empty(k)
    for h in range(k):
        nh = resp[h].sum()
        new_lam[h] = nh / len(x)
        new_mu[h] = (resp[h] * x).sum() / nh
        new_sigma[h] = np.sqrt((resp[h] * (x - new_mu[h]) ** 2).sum() / nh)
    return new_lam, new_mu, new_sigma


def time_original(x, start, iterations):
    lam = np.array(start["weights"], dtype=float)
    mu = np.array(start["means"], dtype=float)
    sigma = np.array(start["stdDevs"], dtype=float)
    t0 = time.perf_counter()
    for _ in range(iterations):
        lam, mu, sigma = original_step(x, lam, mu, sigma)
    elapsed = time.perf_counter() - t0
    return elapsed / iterations, (lam, mu, sigma)


def time_sklearn(x, start, iterations):
    k = len(start["weights"])
    sd = np.array(start["stdDevs"], dtype=float)
    gm = GaussianMixture(
        n_components=k,
        covariance_type="full",
        tol=0.0,
        reg_covar=0.0,
        max_iter=iterations,
        n_init=1,
        init_params="random",
        weights_init=np.array(start["weights"], dtype=float),
        means_init=np.array(start["means"], dtype=float).reshape(k, 1),
        precisions_init=(1.0 / sd**2).reshape(k, 1, 1),
        random_state=0,
    )
    e_times, m_times = [], []
    e_step, m_step = gm._e_step, gm._m_step

    def timed_e(*args, **kwargs):
        t0 = time.perf_counter()
        out = e_step(*args, **kwargs)
        e_times.append(time.perf_counter() - t0)
        return out

    def timed_m(*args, **kwargs):
        t0 = time.perf_counter()
        out = m_step(*args, **kwargs)
        m_times.append(time.perf_counter() - t0)
        return out

    gm._e_step, gm._m_step = timed_e, timed_m
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm.fit(x.reshape(-1, 1))
    if gm.n_iter_ != iterations or len(m_times) != iterations:
        raise RuntimeError(f"scikit-learn ran {gm.n_iter_} iterations, expected {iterations}")
    # The loop's E-steps are the first `iterations`; the last one is fit's final labelling.
    per_iteration = (sum(e_times[:iterations]) + sum(m_times)) / iterations
    params = (gm.weights_, gm.means_[:, 0], np.sqrt(gm.covariances_[:, 0, 0]))
    return per_iteration, params


def precisions_for(covariance_type, covariances):
    """scikit-learn's ``precisions_init`` of a type from full k x d x d matrices of that type."""
    if covariance_type == "full":
        return np.linalg.inv(covariances)
    if covariance_type == "tied":
        return np.linalg.inv(covariances[0])
    if covariance_type == "diag":
        return 1.0 / np.diagonal(covariances, axis1=1, axis2=2)
    return 1.0 / covariances[:, 0, 0]


def full_covariances(covariance_type, fitted, k, d):
    """scikit-learn's ``covariances_`` of a type as full k x d x d matrices."""
    if covariance_type == "full":
        return fitted
    if covariance_type == "tied":
        return np.repeat(fitted[None, :, :], k, axis=0)
    if covariance_type == "diag":
        return np.array([np.diag(v) for v in fitted])
    return np.array([v * np.eye(d) for v in fitted])


def time_sklearn_mv(x, start, iterations, reg_covar, covariance_type="full"):
    """scikit-learn's EM on d-dimensional points, E- and M-steps timed."""
    k = len(start["weights"])
    covariances = np.array(start["covariances"], dtype=float)
    gm = GaussianMixture(
        n_components=k,
        covariance_type=covariance_type,
        tol=0.0,
        reg_covar=reg_covar,
        max_iter=iterations,
        n_init=1,
        init_params="random",
        weights_init=np.array(start["weights"], dtype=float),
        means_init=np.array(start["means"], dtype=float),
        precisions_init=precisions_for(covariance_type, covariances),
        random_state=0,
    )
    e_times, m_times = [], []
    e_step, m_step = gm._e_step, gm._m_step

    def timed_e(*args, **kwargs):
        t0 = time.perf_counter()
        out = e_step(*args, **kwargs)
        e_times.append(time.perf_counter() - t0)
        return out

    def timed_m(*args, **kwargs):
        t0 = time.perf_counter()
        out = m_step(*args, **kwargs)
        m_times.append(time.perf_counter() - t0)
        return out

    gm._e_step, gm._m_step = timed_e, timed_m
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm.fit(x)
    if gm.n_iter_ != iterations or len(m_times) != iterations:
        raise RuntimeError(f"scikit-learn ran {gm.n_iter_} iterations, expected {iterations}")
    per_iteration = (sum(e_times[:iterations]) + sum(m_times)) / iterations
    d = x.shape[1]
    final = {"weights": gm.weights_.tolist(), "means": gm.means_.tolist(),
             "covariances": full_covariances(covariance_type, gm.covariances_, k, d).tolist()}
    return per_iteration, final


def as_lists(params):
    return {"weights": list(map(float, params[0])), "means": list(map(float, params[1])),
            "stdDevs": list(map(float, params[2]))}


def run_case(case):
    """All repeats of a 1-D case with both peers."""
    x = np.fromfile(case["file"], dtype="<f8")
    assert x.size == case["n"], (x.size, case["n"])
    result = {"n": case["n"], "k": case["k"]}
    for name, timer, repeats in (("sklearn", time_sklearn, case["repeats"]),
                                 ("numpy", time_original, case["repeats"])):
        if name not in case.get("peers", ["sklearn", "numpy"]):
            continue
        samples, params = [], None
        for _ in range(repeats):
            per_iteration, params = timer(x, case["start"], case["iterations"])
            samples.append(per_iteration * 1e3)
        result[name] = {"msPerIteration": float(np.median(samples)), "samples": samples,
                        "final": as_lists(params)}
    return result


def run_mv_case(case, data):
    """One repeat of a d-dimensional case with scikit-learn (data read once per file)."""
    key = (case["file"], case["n"], case["d"])
    if key not in data:
        data.clear()
        data[key] = np.fromfile(case["file"], dtype="<f8").reshape(case["n"], case["d"])
    per_iteration, final = time_sklearn_mv(data[key], case["start"], case["iterations"],
                                           case["ridge"], case.get("covariance", "full"))
    return {"n": case["n"], "d": case["d"], "k": case["k"],
            "covariance": case.get("covariance", "full"),
            "ms": per_iteration * 1e3, "final": final}


def main():
    manifest = json.loads(sys.stdin.readline())
    pools = [
        {k: info.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
        for info in threadpool_info()
    ]
    print(json.dumps({"versions": {"python": sys.version.split()[0], "numpy": np.__version__,
                                   "scipy": scipy.__version__, "sklearn": sklearn.__version__},
                      "threadpools": pools}), flush=True)
    data = {}
    for line in sys.stdin:
        request = json.loads(line)
        if "case" in request:
            print(json.dumps(run_case(manifest["cases"][request["case"]])), flush=True)
        else:
            print(json.dumps(run_mv_case(manifest["mvCases"][request["mvCase"]], data)),
                  flush=True)


if __name__ == "__main__":
    main()
