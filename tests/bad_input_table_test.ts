/**
 * The bad-input table: every bad input the library answers, the error type,
 * the parameter it names and the exact message. One test per row, run
 * through the public API; the same rows are the table in docs/errors.md.
 *
 * The rows are the single source: after changing a row or a message, run
 *
 *     deno run -A tests/bad_input_table_test.ts
 *
 * to rewrite the table in docs/errors.md (between its `bad-input-table`
 * markers). A test fails when the file and the rows differ, so the
 * document cannot drift from the code.
 *
 * In the `code` column, `data` is `[0.1, 0.5, 0.9, 1.3, -0.2]` and `good`
 * is `mixture([0.5, 0.5], [0, 1], [1, 1])`; every other name is an export
 * of the library.
 *
 * @module
 */
import { assert, assertEquals, assertInstanceOf, assertStringIncludes } from "@std/assert";
import { fileURLToPath } from "node:url";
import * as lib from "../lib/mod.ts";

/** One bad input and the error it must get. */
interface BadInputRow {
  /** What is wrong, in words. */
  input: string;
  /** A call with that input (an expression over the library's exports, `data` and `good`). */
  code: string;
  /** The error class. */
  type:
    | "ParameterRangeError"
    | "ParameterTypeError"
    | "DegenerateFitError"
    | "SingularCovarianceError";
  /** The parameter the error names (empty for DegenerateFitError and SingularCovarianceError). */
  parameter: string;
  /** The exact message. */
  message: string;
}

/** Every row of the table. */
const BAD_INPUTS: readonly BadInputRow[] = [
  {
    input: "data empty",
    code: "fit([], 1)",
    type: "ParameterRangeError",
    parameter: "data",
    message:
      "data must be a non-empty array of finite numbers, got an empty array. Pass at least one observation.",
  },
  {
    input: "data a string",
    code: 'fit("1,2", 1)',
    type: "ParameterTypeError",
    parameter: "data",
    message:
      'data must be an array or typed array of finite numbers, got "1,2". Pass the observations as number[] or Float64Array.',
  },
  {
    input: "data null",
    code: "fit(null, 1)",
    type: "ParameterTypeError",
    parameter: "data",
    message:
      "data must be an array or typed array of finite numbers, got null. Pass the observations as number[] or Float64Array.",
  },
  {
    input: "data an array-like object",
    code: "fit({ length: 2, 0: 1, 1: 2 }, 1)",
    type: "ParameterTypeError",
    parameter: "data",
    message:
      "data must be an array or typed array of finite numbers, got an object ([object Object]). Pass the observations as number[] or Float64Array.",
  },
  {
    input: "data a DataView",
    code: "fit(new DataView(new ArrayBuffer(8)), 1)",
    type: "ParameterTypeError",
    parameter: "data",
    message:
      "data must be an array or typed array of finite numbers, got a DataView. Pass the observations as number[] or Float64Array.",
  },
  {
    input: "NaN in data",
    code: "fit([1, NaN, 2], 1)",
    type: "ParameterRangeError",
    parameter: "data[1]",
    message:
      "data[1] must be a finite number, got NaN. Remove or impute missing and infinite values before fitting.",
  },
  {
    input: "Infinity in data",
    code: "fit([1, 2, Infinity], 1)",
    type: "ParameterRangeError",
    parameter: "data[2]",
    message:
      "data[2] must be a finite number, got Infinity. Remove or impute missing and infinite values before fitting.",
  },
  {
    input: "-Infinity in data",
    code: "eStep([-Infinity], good)",
    type: "ParameterRangeError",
    parameter: "data[0]",
    message:
      "data[0] must be a finite number, got -Infinity. Remove or impute missing and infinite values before fitting.",
  },
  {
    input: "a string in data",
    code: 'fit([1, "2"], 1)',
    type: "ParameterTypeError",
    parameter: "data[1]",
    message:
      'data[1] must be a finite number, got "2" (string). Convert the data to numbers first, e.g. data.map(Number).',
  },
  {
    input: "null in data",
    code: "fit([1, null], 1)",
    type: "ParameterTypeError",
    parameter: "data[1]",
    message:
      "data[1] must be a finite number, got null (object). Convert the data to numbers first, e.g. data.map(Number).",
  },
  {
    input: "a bigint in data",
    code: "fit([1, 2n], 1)",
    type: "ParameterTypeError",
    parameter: "data[1]",
    message:
      "data[1] must be a finite number, got 2n (bigint). Convert the data to numbers first, e.g. data.map(Number).",
  },
  {
    input: "all points identical",
    code: "fit([2, 2, 2], 1)",
    type: "ParameterRangeError",
    parameter: "data",
    message:
      "data must be at least two distinct values, got 3 copies of 2. A Gaussian mixture needs spread in the data; add data or summarise it without EM.",
  },
  {
    input: "a single point",
    code: "fit([5], 1)",
    type: "ParameterRangeError",
    parameter: "data",
    message:
      "data must be at least two distinct values, got a single value, 5. A Gaussian mixture needs spread in the data; add data or summarise it without EM.",
  },
  {
    input: "spread too small for a double (variance underflows)",
    code: "fit([0, 1e-200], 1)",
    type: "ParameterRangeError",
    parameter: "data",
    message:
      "data must be values whose variance is a positive finite double, got values with variance 0. Rescale the data (subtract its mean, divide by its spread) and fit again.",
  },
  {
    input: "spread too large for a double (variance overflows)",
    code: "fit([1e200, -1e200], 1)",
    type: "ParameterRangeError",
    parameter: "data",
    message:
      "data must be values whose variance is a positive finite double, got values with variance Infinity. Rescale the data (subtract its mean, divide by its spread) and fit again.",
  },
  {
    input: "k = 0",
    code: "fit(data, 0)",
    type: "ParameterRangeError",
    parameter: "k",
    message: "k must be an integer ≥ 1, got 0. A mixture needs at least one component.",
  },
  {
    input: "k negative",
    code: "fit(data, -2)",
    type: "ParameterRangeError",
    parameter: "k",
    message: "k must be an integer ≥ 1, got -2. A mixture needs at least one component.",
  },
  {
    input: "k fractional",
    code: "fit(data, 1.5)",
    type: "ParameterRangeError",
    parameter: "k",
    message: "k must be an integer ≥ 1, got 1.5. A mixture needs at least one component.",
  },
  {
    input: "k NaN",
    code: "fit(data, NaN)",
    type: "ParameterRangeError",
    parameter: "k",
    message: "k must be an integer ≥ 1, got NaN. A mixture needs at least one component.",
  },
  {
    input: "k Infinity",
    code: "fit(data, Infinity)",
    type: "ParameterRangeError",
    parameter: "k",
    message: "k must be an integer ≥ 1, got Infinity. A mixture needs at least one component.",
  },
  {
    input: "k a string",
    code: 'fit(data, "2")',
    type: "ParameterTypeError",
    parameter: "k",
    message: 'k must be a number, got "2" (string). A mixture needs at least one component.',
  },
  {
    input: "k above N",
    code: "fit(data, 6)",
    type: "ParameterRangeError",
    parameter: "k",
    message:
      "k must be an integer ≤ the number of data points (5), got 6. Use fewer components or more data.",
  },
  {
    input: "k above N (k-means++ start)",
    code: "initKMeansPlusPlus([1, 2], 3)",
    type: "ParameterRangeError",
    parameter: "k",
    message:
      "k must be an integer ≤ the number of data points (2), got 3. Use fewer components or more data.",
  },
  {
    input: "k a string (random start)",
    code: 'initRandom("2")',
    type: "ParameterTypeError",
    parameter: "k",
    message: 'k must be a number, got "2" (string). A mixture needs at least one component.',
  },
  {
    input: "weights not summing to 1",
    code: "mixture([0.5, 0.6], [0, 1], [1, 1])",
    type: "ParameterRangeError",
    parameter: "mixture.weights",
    message:
      "mixture.weights must be numbers summing to 1 (within 0.000001), got [0.5, 0.6] summing to 1.1. Divide each weight by their sum.",
  },
  {
    input: "negative weight",
    code: "mixture([1.5, -0.5], [0, 1], [1, 1])",
    type: "ParameterRangeError",
    parameter: "mixture.weights[1]",
    message:
      "mixture.weights[1] must be a finite number ≥ 0, got -0.5. That is λ of component 2. Weights are probabilities: use non-negative numbers that sum to 1.",
  },
  {
    input: "NaN weight",
    code: "mixture([NaN, 1], [0, 1], [1, 1])",
    type: "ParameterRangeError",
    parameter: "mixture.weights[0]",
    message:
      "mixture.weights[0] must be a finite number ≥ 0, got NaN. That is λ of component 1. Weights are probabilities: use non-negative numbers that sum to 1.",
  },
  {
    input: "weight a string",
    code: 'mixture(["0.5", 0.5], [0, 1], [1, 1])',
    type: "ParameterTypeError",
    parameter: "mixture.weights[0]",
    message:
      'mixture.weights[0] must be a number, got "0.5" (string). That is λ of component 1. Convert the weights to numbers first.',
  },
  {
    input: "no components",
    code: "mixture([], [], [])",
    type: "ParameterRangeError",
    parameter: "mixture.weights",
    message:
      "mixture.weights must be at least one weight (k ≥ 1), got an empty array. A mixture needs at least one component.",
  },
  {
    input: "weights of the wrong length (vs means)",
    code: "validateMixture({ weights: [1], means: [0, 1], stdDevs: [1, 1] })",
    type: "ParameterRangeError",
    parameter: "mixture.means",
    message:
      "mixture.means must be an array of length 1 (one per weight), got length 2. weights, means and stdDevs need one entry per component.",
  },
  {
    input: "stdDevs of the wrong length",
    code: "validateMixture({ weights: [0.5, 0.5], means: [0, 1], stdDevs: [1] })",
    type: "ParameterRangeError",
    parameter: "mixture.stdDevs",
    message:
      "mixture.stdDevs must be an array of length 2 (one per weight), got length 1. weights, means and stdDevs need one entry per component.",
  },
  {
    input: "mixture null",
    code: "validateMixture(null)",
    type: "ParameterTypeError",
    parameter: "mixture",
    message:
      "mixture must be an object { weights, means, stdDevs }, got null. Build one with mixture(weights, means, stdDevs).",
  },
  {
    input: "weights not an array",
    code: 'validateMixture({ weights: "1", means: [0], stdDevs: [1] })',
    type: "ParameterTypeError",
    parameter: "mixture.weights",
    message:
      'mixture.weights must be an array of numbers, got "1". Give weights, means and stdDevs as arrays with one entry per component.',
  },
  {
    input: "σ = 0",
    code: "mixture([0.5, 0.5], [0, 1], [1, 0])",
    type: "ParameterRangeError",
    parameter: "mixture.stdDevs[1]",
    message:
      "mixture.stdDevs[1] must be a finite number > 0, got 0. That is σ of component 2. A standard deviation must be positive; a zero σ is a collapsed component.",
  },
  {
    input: "σ < 0",
    code: "mixture([1], [0], [-1])",
    type: "ParameterRangeError",
    parameter: "mixture.stdDevs[0]",
    message:
      "mixture.stdDevs[0] must be a finite number > 0, got -1. That is σ of component 1. A standard deviation must be positive; a zero σ is a collapsed component.",
  },
  {
    input: "σ NaN",
    code: "mixture([1], [0], [NaN])",
    type: "ParameterRangeError",
    parameter: "mixture.stdDevs[0]",
    message:
      "mixture.stdDevs[0] must be a finite number > 0, got NaN. That is σ of component 1. A standard deviation must be positive; a zero σ is a collapsed component.",
  },
  {
    input: "σ Infinity",
    code: "mixture([1], [0], [Infinity])",
    type: "ParameterRangeError",
    parameter: "mixture.stdDevs[0]",
    message:
      "mixture.stdDevs[0] must be a finite number > 0, got Infinity. That is σ of component 1. A standard deviation must be positive; a zero σ is a collapsed component.",
  },
  {
    input: "μ Infinity",
    code: "mixture([1], [Infinity], [1])",
    type: "ParameterRangeError",
    parameter: "mixture.means[0]",
    message:
      "mixture.means[0] must be a finite number, got Infinity. That is μ of component 1. Every component needs a finite centre.",
  },
  {
    input: "μ NaN",
    code: "mixture([1], [NaN], [1])",
    type: "ParameterRangeError",
    parameter: "mixture.means[0]",
    message:
      "mixture.means[0] must be a finite number, got NaN. That is μ of component 1. Every component needs a finite centre.",
  },
  {
    input: "tol < 0",
    code: "fit(data, 1, { tol: -1 })",
    type: "ParameterRangeError",
    parameter: "options.tol",
    message:
      "options.tol must be a finite number ≥ 0, got -1. Use a small positive tolerance such as 1e-3, or 0.",
  },
  {
    input: "tol NaN",
    code: "fit(data, 1, { tol: NaN })",
    type: "ParameterRangeError",
    parameter: "options.tol",
    message:
      "options.tol must be a finite number ≥ 0, got NaN. Use a small positive tolerance such as 1e-3, or 0.",
  },
  {
    input: "tol a string",
    code: 'fit(data, 1, { tol: "1e-3" })',
    type: "ParameterTypeError",
    parameter: "options.tol",
    message:
      'options.tol must be a number, got "1e-3" (string). Use a small positive tolerance such as 1e-3, or 0.',
  },
  {
    input: "maxIter = 0",
    code: "fit(data, 1, { maxIter: 0 })",
    type: "ParameterRangeError",
    parameter: "options.maxIter",
    message: "options.maxIter must be an integer ≥ 1, got 0. Allow at least one iteration.",
  },
  {
    input: "maxIter fractional",
    code: "fit(data, 1, { maxIter: 2.5 })",
    type: "ParameterRangeError",
    parameter: "options.maxIter",
    message: "options.maxIter must be an integer ≥ 1, got 2.5. Allow at least one iteration.",
  },
  {
    input: "maxIter = 0 (em)",
    code: "em(data, good, { maxIter: 0 })",
    type: "ParameterRangeError",
    parameter: "options.maxIter",
    message: "options.maxIter must be an integer ≥ 1, got 0. Allow at least one iteration.",
  },
  {
    input: "workers = 0",
    code: "fit(data, 1, { workers: 0 })",
    type: "ParameterRangeError",
    parameter: "options.workers",
    message:
      "options.workers must be an integer in [1, 64], got 0. Use 1 for no workers, or up to the cores.",
  },
  {
    input: "workers fractional (fitMv)",
    code: "fitMv([[0, 0], [1, 2], [2, 1]], 1, { workers: 2.5 })",
    type: "ParameterRangeError",
    parameter: "options.workers",
    message:
      "options.workers must be an integer in [1, 64], got 2.5. Use 1 for no workers, or up to the cores.",
  },
  {
    input: "nInit = 0",
    code: "fit(data, 1, { nInit: 0 })",
    type: "ParameterRangeError",
    parameter: "options.nInit",
    message: "options.nInit must be an integer ≥ 1, got 0. Use at least one run.",
  },
  {
    input: "seed a string",
    code: 'fit(data, 1, { seed: "42" })',
    type: "ParameterTypeError",
    parameter: "options.seed",
    message: 'options.seed must be a finite number, got "42" (string). Use an integer such as 42.',
  },
  {
    input: "seed NaN",
    code: "fit(data, 1, { seed: NaN })",
    type: "ParameterRangeError",
    parameter: "options.seed",
    message: "options.seed must be a finite number, got NaN. Use an integer such as 42.",
  },
  {
    input: "seed Infinity",
    code: "fit(data, 1, { seed: Infinity })",
    type: "ParameterRangeError",
    parameter: "options.seed",
    message: "options.seed must be a finite number, got Infinity. Use an integer such as 42.",
  },
  {
    input: "seed a string (sampling)",
    code: 'sampleMixture(good, 10, { seed: "1" })',
    type: "ParameterTypeError",
    parameter: "options.seed",
    message: 'options.seed must be a finite number, got "1" (string). Use an integer such as 42.',
  },
  {
    input: "seed NaN (random source)",
    code: "seededSource(NaN)",
    type: "ParameterRangeError",
    parameter: "seed",
    message: "seed must be a finite number, got NaN. Use an integer such as 42.",
  },
  {
    input: "seed a string (shuffle)",
    code: 'shuffled([1, 2], "x")',
    type: "ParameterTypeError",
    parameter: "seed",
    message: 'seed must be a finite number, got "x" (string). Use an integer such as 42.',
  },
  {
    input: "variance floor < 0",
    code: "fit(data, 1, { varianceFloor: -1e-6 })",
    type: "ParameterRangeError",
    parameter: "options.varianceFloor",
    message:
      "options.varianceFloor must be a finite number ≥ 0, got -0.000001. Use 0 to switch the floor off, or a small positive σ² such as 1e-6.",
  },
  {
    input: "variance floor Infinity",
    code: "fit(data, 1, { varianceFloor: Infinity })",
    type: "ParameterRangeError",
    parameter: "options.varianceFloor",
    message:
      "options.varianceFloor must be a finite number ≥ 0, got Infinity. Use 0 to switch the floor off, or a small positive σ² such as 1e-6.",
  },
  {
    input: "variance floor < 0 (one step)",
    code: "emStep(data, good, { varianceFloor: -1 })",
    type: "ParameterRangeError",
    parameter: "options.varianceFloor",
    message:
      "options.varianceFloor must be a finite number ≥ 0, got -1. Use 0 to switch the floor off, or a small positive σ² such as 1e-6.",
  },
  {
    input: "variance floor < 0 (fused step)",
    code: "fusedStep(data, good, { varianceFloor: -1 })",
    type: "ParameterRangeError",
    parameter: "options.varianceFloor",
    message:
      "options.varianceFloor must be a finite number ≥ 0, got -1. Use 0 to switch the floor off, or a small positive σ² such as 1e-6.",
  },
  {
    input: "unknown init",
    code: 'fit(data, 1, { init: "best" })',
    type: "ParameterRangeError",
    parameter: "options.init",
    message:
      'options.init must be one of "random", "kmeans++", "random-points", "quantiles", got "best". Leave it out for the default, k-means++.',
  },
  {
    input: "unknown init (initialize)",
    code: 'initialize(data, 2, "best")',
    type: "ParameterRangeError",
    parameter: "init",
    message:
      'init must be one of "random", "kmeans++", "random-points", "quantiles", got "best". Use one of the names in INIT_METHODS.',
  },
  {
    input: "options not an object",
    code: 'fit(data, 1, "fast")',
    type: "ParameterTypeError",
    parameter: "options",
    message:
      'options must be an options object or undefined, got "fast". Pass options as an object, e.g. { seed: 42 }, or leave them out.',
  },
  {
    input: "options null",
    code: "fit(data, 1, null)",
    type: "ParameterTypeError",
    parameter: "options",
    message:
      "options must be an options object or undefined, got null. Pass options as an object, e.g. { seed: 42 }, or leave them out.",
  },
  {
    input: "start with the wrong k",
    code: "fit(data, 3, { start: good })",
    type: "ParameterRangeError",
    parameter: "options.start",
    message:
      "options.start must be a mixture with k = 3 components, got k = 2. Give the start one weight, mean and σ per component, or change k.",
  },
  {
    input: "start with restarts",
    code: "fit(data, 2, { start: good, nInit: 3 })",
    type: "ParameterRangeError",
    parameter: "options.nInit",
    message:
      "options.nInit must be 1 when options.start is given, got 3. Drop options.start to use restarts.",
  },
  {
    input: "start not a mixture (fit)",
    code: "fit(data, 2, { start: { weights: [1] } })",
    type: "ParameterTypeError",
    parameter: "options.start.means",
    message:
      "options.start.means must be an array of numbers, got undefined. Give weights, means and stdDevs as arrays with one entry per component.",
  },
  {
    input: "start not a mixture (em)",
    code: "em(data, { weights: [1] })",
    type: "ParameterTypeError",
    parameter: "start.means",
    message:
      "start.means must be an array of numbers, got undefined. Give weights, means and stdDevs as arrays with one entry per component.",
  },
  {
    input: "responsibilities of the wrong size",
    code: "mStep(data, [[1]])",
    type: "ParameterRangeError",
    parameter: "responsibilities",
    message:
      "responsibilities must be one row per data point (5 rows), got 1 row. Pass the responsibilities eStep() computed for the same data.",
  },
  {
    input: "responsibilities not an array",
    code: 'mStep(data, "r")',
    type: "ParameterTypeError",
    parameter: "responsibilities",
    message:
      'responsibilities must be an array of N rows of k numbers, got "r". Pass the responsibilities returned by eStep().',
  },
  {
    input: "responsibility row not summing to 1",
    code: "mStep(data, [[1, 0], [1, 0], [1, 0], [1, 0], [0.5, 0.6]])",
    type: "ParameterRangeError",
    parameter: "responsibilities[4]",
    message:
      "responsibilities[4] must be a row summing to 1, got a row summing to 1.1. Each point's responsibilities are a probability distribution over components.",
  },
  {
    input: "responsibility outside [0, 1]",
    code: "mStep(data, [[1, 0], [1, 0], [1, 0], [1, 0], [2, -1]])",
    type: "ParameterRangeError",
    parameter: "responsibilities[4][0]",
    message:
      "responsibilities[4][0] must be a number in [0, 1], got 2. Pass the responsibilities returned by eStep().",
  },
  {
    input: "component on one point with variance floor 0 (M-step)",
    code: "mStep([0, 1, 2], [[1, 0], [0, 1], [0, 1]], { varianceFloor: 0 })",
    type: "ParameterRangeError",
    parameter: "options.varianceFloor",
    message:
      "options.varianceFloor must be a floor > 0 when a component sits on a single point, got 0. Component 1 collapsed onto one point (σ = 0). Use a positive variance floor.",
  },
  {
    input: "component collapses with variance floor 0 (EM)",
    code: "fit(data, 2, { start: mixture([0.5, 0.5], [0.1, 0.6], [1e-12, 1]), varianceFloor: 0 })",
    type: "DegenerateFitError",
    parameter: "",
    message:
      "Component 1 collapsed onto a single point at iteration 1 (σ → 0, log-likelihood → ∞; last finite value 18.955593). Use a positive varianceFloor (the default is 1e-6 × the data's variance, divided by N).",
  },
  {
    input: "covariance collapses with ridge 0 (d-D EM)",
    code:
      "fitMv([[0, 0], [0, 0], [1, 1], [2, 0], [0, 2], [3, 3]], 2, { start: mvMixture([0.5, 0.5], [[0, 0], [1.5, 1.5]], [[[1e-10, 0], [0, 1e-10]], [[2, 0], [0, 2]]]), ridge: 0 })",
    type: "SingularCovarianceError",
    parameter: "",
    message:
      "Component 1 collapsed onto a point or a line at iteration 1 (singular covariance, log-likelihood → ∞; last finite value 25.592968). Use a positive ridge (the default is 1e-6 × each column's variance).",
  },
  {
    input: "misspelt option",
    code: "fit(data, 2, { nInits: 3 })",
    type: "ParameterRangeError",
    parameter: "options.nInits",
    message:
      "options.nInits must be one of the options of fit(), got unknown option 'nInits'. Did you mean 'nInit'? fit() takes: init, nInit, seed, start, tol, maxIter, varianceFloor, workers, family.",
  },
  {
    input: "unknown 1-D family",
    code: 'fit(data, 2, { family: "VV" })',
    type: "ParameterRangeError",
    parameter: "options.family",
    message:
      'options.family must be one of "V", "E", got "VV". Use "V" for a variance per component (the default) or "E" for one shared variance.',
  },
  {
    input: "unknown covariance family",
    code: 'fitMv([[0, 0], [1, 2], [2, 1]], 1, { covariance: "round" })',
    type: "ParameterRangeError",
    parameter: "options.covariance",
    message:
      'options.covariance must be "full", "tied", "diag" or "spherical" (scikit-learn\'s names) or one of mclust\'s 14 models ("EII", "VII", "EEI", "VEI", "EVI", "VVI", "EEE", "VEE", "EVE", "VVE", "EEV", "VEV", "EVV", "VVV"), got "round". Leave it out for "full", a covariance matrix per component.',
  },
  {
    input: "start outside the covariance model",
    code:
      'fitMv([[0, 0], [1, 2], [2, 1], [3, 3]], 2, { covariance: "tied", start: mvMixture([0.5, 0.5], [[0, 0], [2, 2]], [[[1, 0], [0, 1]], [[2, 0], [0, 2]]]) })',
    type: "ParameterRangeError",
    parameter: "options.start",
    message:
      "options.start must be covariances of the EEE model (equal volume, equal shape, equal orientation), got covariances outside that model. Start from a mixture of the EEE model (e.g. from a EEE fit's history[0]), or leave the start out for k-means++.",
  },
  {
    input: "unknown family to compare",
    code: 'selectK(data, [1, 2], { families: ["V", "EV"] })',
    type: "ParameterRangeError",
    parameter: "options.families[1]",
    message:
      'options.families[1] must be one of "V", "E", got "EV". Leave the option out to compare the default family only.',
  },
  {
    input: "n = 0 samples",
    code: "sampleMixture(good, 0)",
    type: "ParameterRangeError",
    parameter: "n",
    message: "n must be an integer ≥ 1, got 0. Ask for at least one point.",
  },
  {
    input: "unknown sampling assignment",
    code: 'sampleMixture(good, 10, { assignment: "sorted" })',
    type: "ParameterRangeError",
    parameter: "options.assignment",
    message:
      'options.assignment must be "stratified" or "random", got "sorted". Leave it out for the default, "stratified".',
  },
  {
    input: "density at NaN",
    code: "mixturePdf(good, NaN)",
    type: "ParameterRangeError",
    parameter: "x",
    message: "x must be a finite number, got NaN. Evaluate the density at a finite point.",
  },
  {
    input: "density at a string",
    code: 'mixturePdf(good, "1")',
    type: "ParameterTypeError",
    parameter: "x",
    message: 'x must be a number, got "1" (string). Evaluate the density at a finite point.',
  },
  {
    input: "density grid with one point",
    code: "densityGrid(good, { points: 1 })",
    type: "ParameterRangeError",
    parameter: "options.points",
    message: "options.points must be an integer ≥ 2, got 1. A grid needs at least two points.",
  },
  {
    input: "density grid with from > to",
    code: "densityGrid(good, { from: 2, to: 1 })",
    type: "ParameterRangeError",
    parameter: "options.to",
    message:
      "options.to must be a number > options.from (2), got 1. Swap from and to, or leave them out to cover every component ± 4σ.",
  },
  {
    input: "NaN in data to predict",
    code: "predict(good, [1, NaN])",
    type: "ParameterRangeError",
    parameter: "data[1]",
    message:
      "data[1] must be a finite number, got NaN. Remove or impute missing and infinite values before fitting.",
  },
  {
    input: "BIC of a NaN log-likelihood",
    code: "bic(NaN, 2, 10)",
    type: "ParameterRangeError",
    parameter: "logLikelihood",
    message:
      "logLikelihood must be a finite number, got NaN. Pass the finite log-likelihood of a fit, e.g. fit(x, k).logLikelihood.",
  },
  {
    input: "BIC with n = 0",
    code: "bic(-10, 2, 0)",
    type: "ParameterRangeError",
    parameter: "n",
    message: "n must be an integer ≥ 1, got 0. Pass the number of observations that were fitted.",
  },
  {
    input: "no k to compare",
    code: "selectK(data, [])",
    type: "ParameterRangeError",
    parameter: "ks",
    message:
      "ks must be a non-empty array of component counts, got an empty array. Pass the k to compare, e.g. [1, 2, 3, 4, 5].",
  },
  {
    input: "a k of 0 to compare",
    code: "selectK(data, [0, 2])",
    type: "ParameterRangeError",
    parameter: "ks[0]",
    message:
      "ks[0] must be an integer in [1, 5], got 0. Each k must be at least 1 and at most the number of points.",
  },
  {
    input: "ks not an array",
    code: "selectKMv([[0, 0], [1, 2], [2, 1]], 2)",
    type: "ParameterTypeError",
    parameter: "ks",
    message:
      "ks must be an array of component counts, got 2. Pass the k to compare, e.g. [1, 2, 3, 4, 5].",
  },
  {
    input: "an unknown criterion",
    code: 'selectK(data, [1, 2], { criterion: "loglik" })',
    type: "ParameterRangeError",
    parameter: "options.criterion",
    message: 'options.criterion must be "bic" or "aic", got "loglik". Leave it out for BIC.',
  },
  {
    input: "a start for a choice over k",
    code: "selectK(data, [2], { start: good })",
    type: "ParameterRangeError",
    parameter: "options.start",
    message:
      "options.start must be undefined (each k is fitted from seeded restarts), got a mixture. Use fit or fitMv to start from given parameters.",
  },
  {
    input: "degeneracy check with n = 0",
    code: "degenerateComponents(good, 0, 1e-6)",
    type: "ParameterRangeError",
    parameter: "n",
    message: "n must be an integer ≥ 1, got 0. Pass the number of observations that were fitted.",
  },
  {
    input: "degeneracy check without the ridge",
    code: "degenerateComponentsMv(mvMixture([1], [[0, 0]], [[[1, 0], [0, 1]]]), 10)",
    type: "ParameterTypeError",
    parameter: "ridge",
    message:
      "ridge must be a number ≥ 0 or an array of 2 numbers ≥ 0, got undefined. Pass the ridge the fit used, e.g. fitMv(data, k).ridge.",
  },
  {
    input: "q (for the KL decomposition) with a row per point missing",
    code: "klDecomposition(data, [[0.5, 0.6]], good)",
    type: "ParameterRangeError",
    parameter: "q",
    message:
      "q must be one row per data point (5 rows), got 1 row. q is one distribution over the k components per point, e.g. eStep()'s responsibilities.",
  },
  {
    input: "q whose rows do not sum to 1",
    code: "klDecomposition(data, data.map(() => [0.5, 0.6]), good)",
    type: "ParameterRangeError",
    parameter: "q[0]",
    message:
      "q[0] must be a row summing to 1, got a row summing to 1.1. q is one distribution over the k components per point, e.g. eStep()'s responsibilities.",
  },
  {
    input: "shared σ of 0 (k-means limit)",
    code: "[...sharedSigmaEm(data, [0, 1], 0)]",
    type: "ParameterRangeError",
    parameter: "sigma",
    message:
      "sigma must be a finite number > 0, got 0. σ is the one standard deviation all components share; use a positive number.",
  },
  {
    input: "more k-means centres than points",
    code: "[...kMeans(data, [0, 1, 2, 3, 4, 5])]",
    type: "ParameterRangeError",
    parameter: "centres",
    message:
      "centres must be between 1 and 5 centres (no more than the data points), got 6 centres. Use fewer centres or more data.",
  },
  {
    input: "no σ to compare with k-means",
    code: "kMeansLimit(data, [0, 1], [])",
    type: "ParameterTypeError",
    parameter: "sigmas",
    message:
      "sigmas must be a non-empty array of positive numbers, got an empty array. Pass the σ values to compare, e.g. [1, 0.1, 0.01].",
  },
  {
    input: "Jacobian with a zero step",
    code: "emJacobian(data, good, { step: 0 })",
    type: "ParameterRangeError",
    parameter: "options.step",
    message: "options.step must be a finite number > 0, got 0. Use a small step such as 1e-6.",
  },
  {
    input: "parameter vector of the wrong length",
    code: "mixtureFromVector([0.5, 0, 1, 1])",
    type: "ParameterRangeError",
    parameter: "vector",
    message:
      "vector must be 3k − 1 numbers (λ₁ … λ_{k−1}, μ₁ … μ_k, σ₁ … σ_k), got 4 numbers. Build it with parameterVector(mixture).",
  },
  {
    input: "inverse-gamma prior with α = 0",
    code: "inverseGammaPrior(0, 1)",
    type: "ParameterRangeError",
    parameter: "alpha",
    message: "alpha must be a finite number > 0, got 0. Use a shape such as 1.",
  },
  {
    input: "prior with negative shrinkage",
    code: "logPrior(good, { shrinkage: -1, mean: 0, dof: 3, scale: 1 })",
    type: "ParameterRangeError",
    parameter: "prior.shrinkage",
    message: "prior.shrinkage must be a finite number ≥ 0, got -1. Use 0 for a flat prior on μ.",
  },
  {
    input: "an order that is not a permutation",
    code: "permuteComponents(good, [0, 0])",
    type: "ParameterRangeError",
    parameter: "order",
    message:
      "order must be a permutation of 0 … 1 (each index once), got [0, 0]. List every component index exactly once.",
  },
];

const DOC = fileURLToPath(new URL("../docs/errors.md", import.meta.url));
const START = "<!-- bad-input-table:start (generated from tests/bad_input_table_test.ts) -->";
const END = "<!-- bad-input-table:end -->";

const ERROR_CLASSES = {
  ParameterRangeError: lib.ParameterRangeError,
  ParameterTypeError: lib.ParameterTypeError,
  DegenerateFitError: lib.DegenerateFitError,
  SingularCovarianceError: lib.SingularCovarianceError,
} as const;

/** Evaluate a row's code with the library's exports, `data` and `good` in scope. */
function evaluate(code: string): unknown {
  const scope: Record<string, unknown> = {
    ...lib,
    data: [0.1, 0.5, 0.9, 1.3, -0.2],
    good: lib.mixture([0.5, 0.5], [0, 1], [1, 1]),
  };
  const names = Object.keys(scope);
  const call = new Function(...names, `"use strict"; return (${code});`);
  const value = call(...names.map((n) => scope[n]));
  // em() is a generator: run it, so that its checks happen.
  if (value !== null && typeof value === "object" && Symbol.iterator in value) {
    return [...(value as Iterable<unknown>)];
  }
  return value;
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/** The Markdown table of {@linkcode BAD_INPUTS}. */
function renderTable(rows: readonly BadInputRow[] = BAD_INPUTS): string {
  const lines = [
    "| # | Bad input | Call | Error | Parameter | Message |",
    "| -: | --- | --- | --- | --- | --- |",
    ...rows.map((r, i) =>
      `| ${i + 1} | ${cell(r.input)} | \`${cell(r.code)}\` | ${r.type} | ${
        r.parameter ? `\`${cell(r.parameter)}\`` : "—"
      } | ${cell(r.message)} |`
    ),
  ];
  return `${START}\n\n${lines.join("\n")}\n\n${END}`;
}

/** docs/errors.md with its table region replaced by {@linkcode renderTable}. */
function withTable(doc: string): string {
  const i = doc.indexOf(START), j = doc.indexOf(END);
  if (i < 0 || j < i) throw new Error(`docs/errors.md has no ${START} … ${END} region`);
  return doc.slice(0, i) + renderTable() + doc.slice(j + END.length);
}

for (const [i, row] of BAD_INPUTS.entries()) {
  Deno.test(`bad input ${i + 1}: ${row.input} → ${row.type}${row.parameter ? ` (${row.parameter})` : ""}`, () => {
    let error: unknown;
    try {
      evaluate(row.code);
    } catch (e) {
      error = e;
    }
    assert(error !== undefined, `${row.code} did not throw`);
    assertInstanceOf(error, ERROR_CLASSES[row.type]);
    const e = error as Error & { parameter?: string; received?: string; expected?: string };
    assertEquals(e.name, row.type);
    assertEquals(e.message, row.message);
    if (row.type === "ParameterRangeError" || row.type === "ParameterTypeError") {
      // Name the parameter, say what was expected and what was received.
      assertEquals(e.parameter, row.parameter);
      assertStringIncludes(e.message, `${e.parameter} must be ${e.expected}, got ${e.received}.`);
      // … and what to do: a hint after the "got …." part.
      const hint = e.message.split(`got ${e.received}.`)[1] ?? "";
      assert(hint.trim().length > 0, "the message says what to do");
    }
  });
}

Deno.test("bad-input table has at least 20 rows, each a different call", () => {
  assert(BAD_INPUTS.length >= 20);
  assertEquals(new Set(BAD_INPUTS.map((r) => r.code)).size, BAD_INPUTS.length);
});

/** The cells of every table line in a Markdown region, trimmed (formatting-independent). */
function tableCells(region: string): string[][] {
  return region.split("\n")
    .filter((line) => line.startsWith("|") && !/^\|[\s:-]+\|/.test(line))
    .map((line) => line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
}

function tableRegion(doc: string): string {
  const i = doc.indexOf(START), j = doc.indexOf(END);
  if (i < 0 || j < i) throw new Error(`docs/errors.md has no ${START} … ${END} region`);
  return doc.slice(i, j);
}

Deno.test("docs/errors.md holds exactly the bad-input table of this file", async () => {
  const doc = await Deno.readTextFile(DOC);
  assertEquals(
    tableCells(tableRegion(doc)),
    tableCells(renderTable()),
    "docs/errors.md is out of date: run `deno run -A tests/bad_input_table_test.ts`",
  );
});

if (import.meta.main) {
  const doc = await Deno.readTextFile(DOC);
  await Deno.writeTextFile(DOC, withTable(doc));
  await new Deno.Command(Deno.execPath(), { args: ["fmt", DOC] }).output();
  console.log(`docs/errors.md: ${BAD_INPUTS.length} rows`);
}
