# Reference values for tests/map_prior_test.ts: mclust 6.0.0 MAP EM (priorControl(), model "V")
# on the Old Faithful eruptions, from a fixed start. Run from the project root:
#   Rscript bench/mclust_map_prior.R   (Debian: apt-get install -y r-cran-mclust)
library(mclust)
x <- read.csv("notebooks/data/old_faithful.csv")$eruptions
cat("n", length(x), "var", var(x), "\n")
pr <- priorControl()
dp <- defaultPrior(x, G = 2, modelName = "V")
str(dp)
# One M-step from fixed responsibilities (z from a given start).
start <- list(pro = c(0.5, 0.5), mean = c(2, 4), variance = list(modelName = "V", d = 1, G = 2, sigmasq = c(1, 1)))
z <- estepV(x, parameters = start)$z
ms <- mstepV(x, z = z, prior = pr)
cat(sprintf("mstep mean %.15g %.15g sigmasq %.15g %.15g pro %.15g %.15g\n", ms$parameters$mean[1], ms$parameters$mean[2], ms$parameters$variance$sigmasq[1], ms$parameters$variance$sigmasq[2], ms$parameters$pro[1], ms$parameters$pro[2]))
ms0 <- mstepV(x, z = z, prior = priorControl(shrinkage = 0))
cat(sprintf("mstep0 mean %.15g %.15g sigmasq %.15g %.15g\n", ms0$parameters$mean[1], ms0$parameters$mean[2], ms0$parameters$variance$sigmasq[1], ms0$parameters$variance$sigmasq[2]))
# Full EM from the same start.
fit <- emV(x, parameters = start, prior = pr, control = emControl(tol = c(1e-12, 1e-12), itmax = c(10000, 10000)))
cat(sprintf("em mean %.15g %.15g sigmasq %.15g %.15g pro %.15g %.15g loglik %.15g iters %s\n", fit$parameters$mean[1], fit$parameters$mean[2], fit$parameters$variance$sigmasq[1], fit$parameters$variance$sigmasq[2], fit$parameters$pro[1], fit$parameters$pro[2], fit$loglik, attr(fit, "info")[1]))
M <- Mclust(x, G = 2, modelNames = "V", prior = priorControl())
cat(sprintf("Mclust mean %.10g %.10g sigmasq %.10g %.10g pro %.10g %.10g loglik %.10g\n", M$parameters$mean[1], M$parameters$mean[2], M$parameters$variance$sigmasq[1], M$parameters$variance$sigmasq[2], M$parameters$pro[1], M$parameters$pro[2], M$loglik))
