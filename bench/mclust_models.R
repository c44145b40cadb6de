# Reference fixture for the 14 covariance models: R's mclust on Old Faithful
# (2-D) and Fisher's iris measurements (4-D), k = 1 … 5.
#
#     Rscript bench/mclust_models.R > tests/fixtures/mclust_models.json && deno fmt tests/fixtures/mclust_models.json
#
# (mclust 6.0.0 from Debian's r-cran-mclust; run from the repository root.)
# Per data set: the initial classification mclust itself uses (hierarchical
# clustering, hc(modelName = "VVV", use = "SVD"), cut at k), then for every
# model and k: me() from that classification with tight tolerances
# (emControl(tol = c(1e-13, 1e-13))) — its log-likelihood and iterations, NA
# when it fails — mclustBIC()'s BIC with its defaults (mclust's sign, higher
# is better; NA for a failed cell) and nMclustParams().
suppressMessages(library(mclust))

num <- function(v) {
  v <- suppressWarnings(as.numeric(unlist(v))[1])
  if (length(v) == 0 || is.na(v) || !is.finite(v)) "null" else sprintf("%.17g", v)
}

data_sets <- list(
  old_faithful = as.matrix(read.csv("notebooks/data/old_faithful.csv")),
  iris = as.matrix(read.csv("notebooks/data/iris.csv")[, 1:4])
)
models <- c("EII", "VII", "EEI", "VEI", "EVI", "VVI", "EEE",
            "VEE", "EVE", "VVE", "EEV", "VEV", "EVV", "VVV")
ks <- 1:5

out <- character(0)
for (name in names(data_sets)) {
  x <- data_sets[[name]]
  tree <- hc(x, modelName = "VVV", use = "SVD")
  classes <- hclass(tree, ks)
  bic <- mclustBIC(x, G = ks, modelNames = models, verbose = FALSE)
  labels <- sapply(ks, function(k) sprintf("\"%d\": [%s]", k, paste(classes[, k], collapse = ",")))
  cells <- character(0)
  for (m in models) {
    for (k in ks) {
      fit <- tryCatch(
        me(x, modelName = m, z = unmap(classes[, k]),
           control = emControl(tol = c(1e-13, 1e-13))),
        error = function(e) NULL)
      ll <- if (is.null(fit) || is.null(fit$loglik)) NA else fit$loglik
      it <- if (is.null(fit)) NA else attr(fit, "info")[1]
      cells <- c(cells, sprintf(
        "{\"model\": \"%s\", \"k\": %d, \"logLikelihood\": %s, \"iterations\": %s, \"bic\": %s, \"parameters\": %d}",
        m, k, num(ll), num(it), num(bic[as.character(k), m]), nMclustParams(m, ncol(x), k)))
    }
  }
  out <- c(out, sprintf(
    "\"%s\": {\"n\": %d, \"d\": %d, \"initialClasses\": {%s},\n\"cells\": [\n%s\n]}",
    name, nrow(x), ncol(x), paste(labels, collapse = ", "), paste(cells, collapse = ",\n")))
}
cat(sprintf("{\"mclust\": \"%s\", \"R\": \"%s\",\n%s\n}\n",
            packageVersion("mclust"), getRversion(), paste(out, collapse = ",\n")))
