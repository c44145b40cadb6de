import {
  filmstrip,
  frameDomain,
  logLikelihoodTrace,
  mixtureFrame,
  responsibilityStrip,
} from "../lib/mod.ts";
import { snapshotTest } from "./_snapshot.ts";
import { originalRun, threeComponentRun } from "./_plot_fixtures.ts";

snapshotTest("mixture-frame-start", () => {
  const { x, history } = originalRun();
  return mixtureFrame(x, history[0]!, { domain: frameDomain(x, history) });
});

snapshotTest("mixture-frame-converged", () => {
  const { x, history } = originalRun();
  return mixtureFrame(x, history.at(-1)!, { domain: frameDomain(x, history) });
});

snapshotTest("mixture-frame-three-components", () => {
  const { x, history } = threeComponentRun();
  return mixtureFrame(x, history.at(-1)!, { xLabel: "measurement" });
});

snapshotTest("log-likelihood-trace", () => {
  const { history } = originalRun();
  return logLikelihoodTrace(history, { tol: 1e-3 });
});

snapshotTest("log-likelihood-trace-gap", () => {
  const { history } = originalRun();
  return logLikelihoodTrace(history, { view: "gap" });
});

snapshotTest("responsibility-strip", () => {
  const { x, history } = originalRun();
  return responsibilityStrip(x, history[12]!, {
    title: `responsibilities p̄(h | xᵢ) at iteration ${history[12]!.iteration}`,
  });
});

snapshotTest("filmstrip", () => {
  const { x, history } = originalRun();
  return filmstrip(x, history);
});

snapshotTest("filmstrip-three-components", () => {
  const { x, history } = threeComponentRun();
  return filmstrip(x, history, { iterations: [0, 1, 3, history.at(-1)!.iteration], columns: 2 });
});
