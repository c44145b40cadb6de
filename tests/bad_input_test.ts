import { assertEquals, assertInstanceOf, assertStringIncludes, assertThrows } from "@std/assert";
import {
  em,
  eStep,
  fit,
  initKMeansPlusPlus,
  initRandom,
  mixture,
  mStep,
  ParameterRangeError,
  ParameterTypeError,
  sampleMixture,
  validateMixture,
} from "../lib/mod.ts";

const good = mixture([0.5, 0.5], [0, 1], [1, 1]);
const data = [0.1, 0.5, 0.9, 1.3, -0.2];

interface Case {
  name: string;
  call: () => unknown;
  type: typeof ParameterRangeError | typeof ParameterTypeError;
  parameter: string;
  received: string;
}

// deno-lint-ignore no-explicit-any
const anyValue = (v: unknown) => v as any;

const cases: Case[] = [
  {
    name: "empty data",
    call: () => fit([], 1),
    type: ParameterRangeError,
    parameter: "data",
    received: "an empty array",
  },
  {
    name: "data not an array",
    call: () => fit(anyValue("1,2"), 1),
    type: ParameterTypeError,
    parameter: "data",
    received: '"1,2"',
  },
  {
    name: "NaN in data",
    call: () => fit([1, NaN, 2], 1),
    type: ParameterRangeError,
    parameter: "data[1]",
    received: "NaN",
  },
  {
    name: "Infinity in data",
    call: () => fit([1, 2, Infinity], 1),
    type: ParameterRangeError,
    parameter: "data[2]",
    received: "Infinity",
  },
  {
    name: "-Infinity in data",
    call: () => eStep([-Infinity], good),
    type: ParameterRangeError,
    parameter: "data[0]",
    received: "-Infinity",
  },
  {
    name: "string in data",
    call: () => fit(anyValue([1, "2"]), 1),
    type: ParameterTypeError,
    parameter: "data[1]",
    received: '"2"',
  },
  {
    name: "k = 0",
    call: () => fit(data, 0),
    type: ParameterRangeError,
    parameter: "k",
    received: "0",
  },
  {
    name: "k negative",
    call: () => fit(data, -2),
    type: ParameterRangeError,
    parameter: "k",
    received: "-2",
  },
  {
    name: "k fractional",
    call: () => fit(data, 1.5),
    type: ParameterRangeError,
    parameter: "k",
    received: "1.5",
  },
  {
    name: "k > N",
    call: () => fit(data, 6),
    type: ParameterRangeError,
    parameter: "k",
    received: "6",
  },
  {
    name: "k not a number",
    call: () => initRandom(anyValue("2")),
    type: ParameterTypeError,
    parameter: "k",
    received: '"2"',
  },
  {
    name: "weights not summing to 1",
    call: () => mixture([0.5, 0.6], [0, 1], [1, 1]),
    type: ParameterRangeError,
    parameter: "mixture.weights",
    received: "summing to 1.1",
  },
  {
    name: "negative weight",
    call: () => mixture([1.5, -0.5], [0, 1], [1, 1]),
    type: ParameterRangeError,
    parameter: "mixture.weights[1]",
    received: "-0.5",
  },
  {
    name: "weights of the wrong length",
    call: () => validateMixture({ weights: [1], means: [0, 1], stdDevs: [1, 1] }),
    type: ParameterRangeError,
    parameter: "mixture.means",
    received: "length 2",
  },
  {
    name: "σ = 0",
    call: () => mixture([0.5, 0.5], [0, 1], [1, 0]),
    type: ParameterRangeError,
    parameter: "mixture.stdDevs[1]",
    received: "0",
  },
  {
    name: "σ < 0",
    call: () => mixture([1], [0], [-1]),
    type: ParameterRangeError,
    parameter: "mixture.stdDevs[0]",
    received: "-1",
  },
  {
    name: "σ NaN",
    call: () => mixture([1], [0], [NaN]),
    type: ParameterRangeError,
    parameter: "mixture.stdDevs[0]",
    received: "NaN",
  },
  {
    name: "μ Infinity",
    call: () => mixture([1], [Infinity], [1]),
    type: ParameterRangeError,
    parameter: "mixture.means[0]",
    received: "Infinity",
  },
  {
    name: "tol < 0",
    call: () => fit(data, 1, { tol: -1 }),
    type: ParameterRangeError,
    parameter: "options.tol",
    received: "-1",
  },
  {
    name: "maxIter = 0",
    call: () => fit(data, 1, { maxIter: 0 }),
    type: ParameterRangeError,
    parameter: "options.maxIter",
    received: "0",
  },
  {
    name: "nInit = 0",
    call: () => fit(data, 1, { nInit: 0 }),
    type: ParameterRangeError,
    parameter: "options.nInit",
    received: "0",
  },
  {
    name: "seed a string",
    call: () => fit(data, 1, { seed: anyValue("42") }),
    type: ParameterTypeError,
    parameter: "options.seed",
    received: '"42"',
  },
  {
    name: "variance floor < 0",
    call: () => fit(data, 1, { varianceFloor: -1e-6 }),
    type: ParameterRangeError,
    parameter: "options.varianceFloor",
    received: "-0.000001",
  },
  {
    name: "unknown init",
    call: () => fit(data, 1, { init: anyValue("best") }),
    type: ParameterRangeError,
    parameter: "options.init",
    received: '"best"',
  },
  {
    name: "all points identical",
    call: () => fit([2, 2, 2], 1),
    type: ParameterRangeError,
    parameter: "data",
    received: "3 copies of 2",
  },
  {
    name: "start with the wrong k",
    call: () => fit(data, 3, { start: good }),
    type: ParameterRangeError,
    parameter: "options.start",
    received: "k = 2",
  },
  {
    name: "start not a mixture",
    call: () => [...em(data, anyValue({ weights: [1] }))],
    type: ParameterTypeError,
    parameter: "start.means",
    received: "undefined",
  },
  {
    name: "responsibilities of the wrong size",
    call: () => mStep(data, [[1]]),
    type: ParameterRangeError,
    parameter: "responsibilities",
    received: "1 rows",
  },
  {
    name: "n = 0 samples",
    call: () => sampleMixture(good, 0),
    type: ParameterRangeError,
    parameter: "n",
    received: "0",
  },
  {
    name: "k-means++ with k > N",
    call: () => initKMeansPlusPlus([1, 2], 3),
    type: ParameterRangeError,
    parameter: "k",
    received: "3",
  },
];

for (const c of cases) {
  Deno.test(`bad input: ${c.name} throws ${c.type.name} naming ${c.parameter}`, () => {
    const err = assertThrows(c.call);
    assertInstanceOf(err, c.type);
    const e = err as ParameterRangeError;
    assertEquals(e.parameter, c.parameter);
    assertStringIncludes(e.message, `${c.parameter} must be`);
    assertStringIncludes(e.received, c.received);
    assertStringIncludes(e.message, `got ${e.received}`);
  });
}
