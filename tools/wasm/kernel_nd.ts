/**
 * The WebAssembly text of the d-dimensional fused EM pass for d = 2 … 8
 * (lib/core/nd/_fused_forms.ts says what it computes), written out by
 * `tools/build_wasm.ts` and compiled into lib/core/fused/_kernel_nd_bytes.ts.
 * `deno task wasm --print=nd` shows it.
 *
 * Two points per step, one in each lane of an f64x2, with the coordinates
 * written out for one d. Per block of 64 pairs: the pairs' coordinates into
 * lanes; per component, its numbers in locals, every pair's log-density; per
 * pair the maximum, the exp() values and their sum (phase 3, the same for
 * every form and d: one function per k ≤ 8 with the components written out,
 * one loop for more, called through a table); per component, its running
 * sums in locals, every pair's contribution. The same operations in
 * the same order as the plain TypeScript loop (accumulateFormRange); in the
 * plain build each point's log-densities, exp() values and responsibilities
 * are the same numbers, and only the order of the running sums differs (the
 * two lanes are summed apart, and log() is taken per 64 pairs). The relaxed
 * build (`kernelNdWat(true)`) takes each product-then-sum (the squared
 * distances, the substitutions, exp()'s polynomial, the moments) as one
 * relaxed multiply-add, fused where the machine has fused multiply-adds
 * (then rounded once instead of twice: the numbers agree with the loop's to
 * rounding). exp() is the 1-D kernel's (tools/wasm/kernel_1d.ts), as in the
 * TypeScript loops. The vector constants are set into locals once per call
 * (V8 builds a v128.const anew at each use, inside loops too).
 *
 * One function per (form, d), `<form><d>(pairs, k, at, centred)`: it adds
 * the 2·pairs points stored from byte `at` on (x₀ … x_{d−1} of point 0, then
 * point 1 …) into the sums and returns their log-likelihood; `centred` (1
 * when the centres are the means, number for number) lets full and diagonal
 * take x − c as the x − μ their log-density computed. The forms: `full`
 * (Cholesky factors, full second moments: VVV), `diagonal` (a scale per
 * coordinate, diagonal moments: VVI, EEI's per-component pass), `spherical`
 * (one scale, the trace Σ r‖x − c‖²), `sphericalq` (the same with the trace
 * taken as qₕσₕ², for centres equal to the means, as the loop does), and the
 * pooled sums (counts and Σ r(x − c₀), no second moments) of the tied factor
 * (`tied`: y = L⁻¹(x − o) once per point, z = y − νₕ), of diagonal scales
 * (`diagonalp`) and of one scale (`sphericalp`).
 *
 * Memory (bytes; per-component values stored once per lane, 16 bytes each;
 * the offsets are ND_LAYOUT in lib/core/fused/_kernel_nd_layout.ts):
 *
 *     0        2^(j/256), j = 0..255 (written by the host)
 *     params   per component h, at h·16·P: the offset (log λ − ½ log det Σ
 *              − d log √(2π), in units), μ (d values; tied: νₕ), the scales
 *              (full and tied: the factor's lower triangle row by row, 1/Lₐₐ
 *              on the diagonal; diagonal: 1/σₐ; spherical: 1/σ), the centres
 *              c (d values), then for spherical forms σ² = 1/(1/σ)², for tied
 *              the origin o (d values); tied and pooled forms read component
 *              0's factor, origin and centre
 *     sums     per component h, at h·16·Q: Σr, Σr(x − c) (d values), then
 *              the moments (full: lower triangle; diagonal: d; trace: 1)
 *     weights  log wₕ of pair i, then its responsibility rₕ, at 1024·h + 16·i
 *     distances  qₕ of pair i (sphericalq), at 1024·h + 16·i
 *     lanes    the block's pairs as vectors: coordinate a of pair i at
 *              16·(d·i + a) (pooled forms: 32·d·i + 16·a, then x − c₀ after)
 *     differences  full and diagonal: x − μₕ of pair i, coordinate a, at
 *              16·(64·d·h + d·i + a), read by the sums when the centres are
 *              the means (the `centred` argument)
 *     data     the points: ND_CHUNK points copied in per call, or, in a
 *              memory made for one data set (residentPoints), all of them,
 *              where the fit keeps its flat copy of the points
 *
 * The memory is imported, and shared, so that a data set's own memory can
 * hold the points the workers read too.
 * At most 64 components.
 *
 * @module
 */
import {
  ND_BLOCK,
  ND_KERNEL_DIMS,
  ND_KERNEL_FORMS,
  ND_LAYOUT,
  ND_MAX_PAGES,
  ND_PAGES,
  type NdKernelForm,
  ndMomentCount,
  ndParamStride,
  ndPooled,
  ndScaleCount,
  ndSumStride,
} from "../../lib/core/fused/_kernel_nd_layout.ts";

/** t below this (−708 in natural units, as ln2/256 units) takes the slow exp. */
const FAST_MIN = "-261485.59077104283";
/** −746 in units: below it exp() is 0. */
const UNDERFLOW = "-275520.12812881067";
/** ln 2 / 256: one unit in natural units. */
const UNIT = "0.0027076061740622863";
/** ½ · 256/ln 2: half of a squared distance, in units. */
const HALF = "184.6649652337873";
const ROUND = "6755399441055744";
/** The Taylor coefficients of 2^(r/256) (the TypeScript loop's C1 … C4). */
const C = ["0.0027076061740622863", "0.000003665565596910106", "3.308302680541371e-9"];
const C4 = "2.239395190875157e-12";

/**
 * Vector constants used inside a pass function, by their text: each is set
 * into a local once per call, since the compiler builds a v128.const anew at
 * every use, inside the loops too (null outside a pass function).
 */
let constants: Map<string, string> | null = null;
const constant = (text: string) => {
  if (constants === null) return text;
  let name = constants.get(text);
  if (name === undefined) constants.set(text, name = `k${constants.size}`);
  return `(local.get $${name})`;
};
const splat = (v: string) => constant(`(v128.const f64x2 ${v} ${v})`);
const add = (a: string, b: string) => `(f64x2.add ${a} ${b})`;
const sub = (a: string, b: string) => `(f64x2.sub ${a} ${b})`;
const mul = (a: string, b: string) => `(f64x2.mul ${a} ${b})`;
const get = (name: string) => `(local.get $${name})`;
/** Whether the module being written fuses its multiply-adds (relaxed SIMD). */
let fused = false;
/** a·b + c: one relaxed multiply-add in the fused build, a product then a sum otherwise. */
const madd = (a: string, b: string, c: string) =>
  fused ? `(f64x2.relaxed_madd ${a} ${b} ${c})` : add(c, mul(a, b));
/** c − a·b, the same way. */
const nmadd = (a: string, b: string, c: string) =>
  fused ? `(f64x2.relaxed_nmadd ${a} ${b} ${c})` : sub(c, mul(a, b));
const set = (name: string, value: string) => `(local.set $${name} ${value})`;

/**
 * The module: the exp() tail and one pass per (form, d); with `relaxed`, the
 * build whose multiply-adds are relaxed-SIMD ones (fused where the machine
 * has fused multiply-adds).
 */
export function kernelNdWat(relaxed = false): string {
  const functions: string[] = [];
  fused = relaxed;
  for (const d of ND_KERNEL_DIMS) {
    for (const form of ND_KERNEL_FORMS) functions.push(passFunction(form, d));
  }
  const phase3: string[] = [];
  for (let k = 1; k <= UNROLLED_K; k++) phase3.push(expsFunction(`$exps${k}`, k));
  phase3.push(expsFunction("$expsAny", null));
  fused = false;
  return `(module
  (import "m" "exp" (func $exp (param f64) (result f64)))
  (import "m" "log" (func $log (param f64) (result f64)))
  (import "m" "memory" (memory ${ND_PAGES} ${ND_MAX_PAGES} shared))
  (type $exps (func (param i32 i32 i32 v128) (result v128)))
  (table ${UNROLLED_K + 1} funcref)
  (elem (i32.const 0) ${
    Array.from({ length: UNROLLED_K }, (_, h) => `$exps${h + 1}`).join(" ")
  } $expsAny)
  (global $prod (mut v128) (v128.const f64x2 1 1))
${TAIL}
${phase3.join("\n")}
${functions.join("\n")})
`;
}

/** exp() where t < −708 (natural units) in some lane: 0 below −746, else Math.exp(t · ln2/256). */
const TAIL = `
  (func $tail (param $t v128) (param $y v128) (result v128)
    (local.set $y (v128.andnot (local.get $y) (f64x2.lt (local.get $t) ${splat(FAST_MIN)})))
${
  [0, 1].map((lane) =>
    `    (if (i32.and
          (f64.lt (f64x2.extract_lane ${lane} (local.get $t)) (f64.const ${FAST_MIN}))
          (f64.ge (f64x2.extract_lane ${lane} (local.get $t)) (f64.const ${UNDERFLOW})))
      (then
        (local.set $y
          (f64x2.replace_lane ${lane}
            (local.get $y)
            (call $exp (f64.mul (f64x2.extract_lane ${lane} (local.get $t)) (f64.const ${UNIT})))))))`
  )
    .join("\n")
}
    (local.get $y))`;

/**
 * One pass function. Per block of up to 64 pairs: the pairs' coordinates
 * into lanes; per component (its numbers in locals) every pair's
 * log-density; per pair the maximum, the exp() values and their sum; per
 * component (its running sums in locals) every pair's contribution. Each
 * running sum takes the pairs in order, as a loop over pairs would.
 */
function passFunction(form: NdKernelForm, d: number): string {
  constants = new Map();
  const { params, sums, weights, distances, lanes } = ND_LAYOUT;
  const pBytes = 16 * ndParamStride(form, d), qBytes = 16 * ndSumStride(form, d);
  const scales = ndScaleCount(form, d), moments = ndMomentCount(form, d);
  // Offsets (bytes, from the component's start) of its values.
  const meanAt = (a: number) => 16 * (1 + a);
  const scaleAt = (j: number) => 16 * (1 + d + j);
  const centreAt = (a: number) => 16 * (1 + d + scales + a);
  const varianceAt = 16 * (1 + 2 * d + scales);
  // tied: the origin o after the centres (component 0's are read).
  const originAt = (a: number) => 16 * (1 + 2 * d + scales + a);
  const tied = form === "tied", pooled = ndPooled(form);
  // Bytes per pair in the lanes region: x (tied: y = L⁻¹(x − o)), then for
  // the pooled sums x − c₀.
  const laneBytes = pooled ? 32 * d : 16 * d;
  const tri = (a: number, b: number) => (a * (a + 1)) / 2 + b;
  const locals: string[] = [];
  const v128 = (name: string) => locals.push(`(local $${name} v128)`);
  // Per coordinate: the pair's x, z (density) or x − c (sums), r·(x − c);
  // the component's means, scales, centres; the running sums.
  for (let a = 0; a < d; a++) {
    ["x", "z", "ra", "m", "c", "S", "g", "yy"].forEach((n) => v128(`${n}${a}`));
  }
  for (let j = 0; j < scales; j++) v128(`f${j}`);
  for (let j = 0; j < moments; j++) v128(`Q${j}`);
  for (
    const name of [
      "off",
      "var",
      "N",
      "val",
      "q",
      "t",
      "max",
      "s",
      "tc",
      "big",
      "u",
      "r",
      "p",
      "j",
      "y",
      "prod",
      "sumMax",
      "min",
    ]
  ) v128(name);
  const lane = (a: number) => `(v128.load offset=${lanes + 16 * a} ${get("xo")})`;
  const pair = `(v128.load offset=${weights} ${get("wo")})`;

  // Phase 1: the pairs' coordinates into lanes, x_a = (point 2i's, point 2i+1's).
  // tied: y = L⁻¹(x − o) by forward substitution, and x − c₀ (the pooled
  // sums' centre), with L, o and c₀ (component 0's) in locals.
  const shared: string[] = [];
  const transpose: string[] = [];
  for (let a = 0; a < d; a++) {
    const x = `(f64x2.replace_lane 1 (f64x2.splat (f64.load offset=${8 * a} ${get("b")})) ` +
      `(f64.load offset=${8 * (d + a)} ${get("b")}))`;
    if (!pooled) {
      transpose.push(`(v128.store offset=${lanes + 16 * a} ${get("xo")} ${x})`);
      continue;
    }
    shared.push(set(`c${a}`, `(v128.load offset=${params + centreAt(a)} (i32.const 0))`));
    transpose.push(set(`x${a}`, x));
    if (tied) {
      shared.push(set(`g${a}`, `(v128.load offset=${params + originAt(a)} (i32.const 0))`));
      let u = sub(get(`x${a}`), get(`g${a}`));
      for (let b = 0; b < a; b++) u = nmadd(get(`f${tri(a, b)}`), get(`yy${b}`), u);
      transpose.push(set(`yy${a}`, mul(u, get(`f${tri(a, a)}`))));
    }
    const stored = tied ? `yy${a}` : `x${a}`;
    transpose.push(`(v128.store offset=${lanes + 16 * a} ${get("xo")} ${get(stored)})`);
    transpose.push(
      `(v128.store offset=${lanes + 16 * (d + a)} ${get("xo")} ${sub(get(`x${a}`), get(`c${a}`))})`,
    );
  }
  if (tied) {
    for (let j = 0; j < scales; j++) {
      shared.push(set(`f${j}`, `(v128.load offset=${params + scaleAt(j)} (i32.const 0))`));
    }
  }

  // Phase 2: per component, val = offset − q·½ (units), q the squared distance.
  const loadComponent: string[] = [set("off", `(v128.load offset=${params} ${get("o")})`)];
  for (let a = 0; a < d; a++) {
    loadComponent.push(set(`m${a}`, `(v128.load offset=${params + meanAt(a)} ${get("o")})`));
  }
  for (let j = 0; j < scales && !tied; j++) {
    loadComponent.push(set(`f${j}`, `(v128.load offset=${params + scaleAt(j)} ${get("o")})`));
  }
  const density: string[] = [];
  // full and diagonal: x − μ is kept (at $uo) for the sums when the centres
  // are the means.
  const keepsDifference = form === "full" || form === "diagonal";
  const difference = (a: number) =>
    `(v128.load offset=${ND_LAYOUT.differences + 16 * a} ${get("uo")})`;
  for (let a = 0; a < d; a++) {
    if (keepsDifference) {
      density.push(set(`ra${a}`, sub(lane(a), get(`m${a}`))));
      density.push(
        `(v128.store offset=${ND_LAYOUT.differences + 16 * a} ${get("uo")} ${get(`ra${a}`)})`,
      );
    }
    if (tied) {
      density.push(set(`z${a}`, sub(lane(a), get(`m${a}`))));
    } else if (form === "full") {
      let t = get(`ra${a}`);
      for (let b = 0; b < a; b++) t = nmadd(get(`f${tri(a, b)}`), get(`z${b}`), t);
      density.push(set(`z${a}`, mul(t, get(`f${tri(a, a)}`))));
    } else if (form === "diagonal") {
      density.push(set(`z${a}`, mul(get(`ra${a}`), get(`f${a}`))));
    } else {
      const f = form.startsWith("diagonal") ? `f${a}` : "f0";
      density.push(set(`z${a}`, mul(sub(lane(a), get(`m${a}`)), get(f))));
    }
    density.push(
      set("q", a === 0 ? mul(get("z0"), get("z0")) : madd(get(`z${a}`), get(`z${a}`), get("q"))),
    );
  }
  density.push(
    `(v128.store offset=${weights} ${get("wo")} ${nmadd(get("q"), splat(HALF), get("off"))})`,
  );
  if (form === "sphericalq") {
    density.push(`(v128.store offset=${distances} ${get("wo")} ${get("q")})`);
  }

  // Phase 4: per component, its running sums over the block's pairs.
  const loadSums: string[] = [set("N", `(v128.load offset=${sums} ${get("so")})`)];
  const storeSums: string[] = [`(v128.store offset=${sums} ${get("so")} ${get("N")})`];
  for (let a = 0; a < d; a++) {
    if (!pooled) {
      loadSums.push(set(`c${a}`, `(v128.load offset=${params + centreAt(a)} ${get("o")})`));
    }
    loadSums.push(set(`S${a}`, `(v128.load offset=${sums + 16 * (1 + a)} ${get("so")})`));
    storeSums.push(`(v128.store offset=${sums + 16 * (1 + a)} ${get("so")} ${get(`S${a}`)})`);
  }
  for (let j = 0; j < moments; j++) {
    loadSums.push(set(`Q${j}`, `(v128.load offset=${sums + 16 * (1 + d + j)} ${get("so")})`));
    storeSums.push(`(v128.store offset=${sums + 16 * (1 + d + j)} ${get("so")} ${get(`Q${j}`)})`);
  }
  if (form === "sphericalq") {
    loadSums.push(set("var", `(v128.load offset=${params + varianceAt} ${get("o")})`));
  }
  // Per pair, its contribution to a component's sums: around x − μ as kept
  // by the density when `kept` (full and diagonal, centres equal to the
  // means), else around x − c.
  const statsOf = (kept: boolean) => {
    const stats: string[] = [];
    stats.push(set("r", pair));
    stats.push(set("N", add(get("N"), get("r"))));
    for (let a = 0; a < d; a++) {
      const z = pooled ? lane(d + a) : kept ? difference(a) : sub(lane(a), get(`c${a}`));
      stats.push(set(`z${a}`, z));
      stats.push(set(`ra${a}`, mul(get("r"), get(`z${a}`))));
      stats.push(set(`S${a}`, add(get(`S${a}`), get(`ra${a}`))));
      if (form === "full") {
        for (let b = 0; b <= a; b++) {
          const j = tri(a, b);
          stats.push(set(`Q${j}`, madd(get(`ra${a}`), get(`z${b}`), get(`Q${j}`))));
        }
      } else if (form === "diagonal") {
        stats.push(set(`Q${a}`, madd(get(`ra${a}`), get(`z${a}`), get(`Q${a}`))));
      }
    }
    if (form === "spherical") {
      // ss = Σ (xₐ − cₐ)², then Σ r·ss.
      let ss = mul(get("z0"), get("z0"));
      for (let a = 1; a < d; a++) ss = madd(get(`z${a}`), get(`z${a}`), ss);
      stats.push(set("Q0", madd(get("r"), ss, get("Q0"))));
    } else if (form === "sphericalq") {
      const q = `(v128.load offset=${distances} ${get("wo")})`;
      stats.push(set("Q0", madd(get("r"), mul(q, get("var")), get("Q0"))));
    }
    return stats;
  };

  // Loops over the block's pairs ($i from $first to $end) and the components.
  const overPairs = (label: string, lines: string[]) =>
    `(local.set $i ${get("first")})
          (local.set $wo ${get("wbase")})
          (local.set $io (i32.const 0))
          (local.set $xo (i32.const 0))
          (local.set $uo (i32.mul ${get("h")} (i32.const ${16 * d * ND_BLOCK})))
          (loop $${label}
            ${lines.join("\n            ")}
            (local.set $wo (i32.add ${get("wo")} (i32.const 16)))
            (local.set $io (i32.add ${get("io")} (i32.const 16)))
            (local.set $xo (i32.add ${get("xo")} (i32.const ${laneBytes})))
            (local.set $uo (i32.add ${get("uo")} (i32.const ${16 * d})))
            (br_if $${label}
              (i32.lt_u (local.tee $i (i32.add ${get("i")} (i32.const 1))) ${get("end")})))`;
  const overComponents = (label: string, lines: string[]) =>
    `(local.set $h (i32.const 0))
        (local.set $o (i32.const 0))
        (local.set $so (i32.const 0))
        (local.set $wbase (i32.const 0))
        (loop $${label}
          ${lines.join("\n          ")}
          (local.set $o (i32.add ${get("o")} (i32.const ${pBytes})))
          (local.set $so (i32.add ${get("so")} (i32.const ${qBytes})))
          (local.set $wbase (i32.add ${get("wbase")} (i32.const ${16 * ND_BLOCK})))
          (br_if $${label}
            (i32.lt_u (local.tee $h (i32.add ${get("h")} (i32.const 1))) ${get("k")})))`;

  const body = `(block $done
      (loop $blocks
        (br_if $done (i32.ge_u ${get("first")} ${get("pairs")}))
        (local.set $end (i32.add ${get("first")} (i32.const ${ND_BLOCK})))
        (if (i32.gt_u ${get("end")} ${get("pairs")}) (then (local.set $end ${get("pairs")})))
        ${set("prod", splat("1"))}
        (local.set $i ${get("first")})
        (local.set $xo (i32.const 0))
        (local.set $b (i32.add ${get("at")} (i32.mul ${get("first")} (i32.const ${16 * d}))))
        ${shared.join("\n        ")}
        (loop $lanes
          ${transpose.join("\n          ")}
          (local.set $xo (i32.add ${get("xo")} (i32.const ${laneBytes})))
          (local.set $b (i32.add ${get("b")} (i32.const ${16 * d})))
          (br_if $lanes (i32.lt_u (local.tee $i (i32.add ${get("i")} (i32.const 1))) ${
    get("end")
  })))
        ${
    overComponents("densities", [
      ...loadComponent,
      overPairs("density", density),
    ])
  }
        ${
    set(
      "sumMax",
      `(call_indirect (type $exps) ${get("first")} ${get("end")} ${get("k")} ${
        get("sumMax")
      } (i32.sub (select ${get("k")} (i32.const ${UNROLLED_K + 1}) (i32.le_u ${
        get("k")
      } (i32.const ${UNROLLED_K}))) (i32.const 1)))`,
    )
  }
        ${set("prod", "(global.get $prod)")}
        ${
    overComponents("sums", [
      ...loadSums,
      keepsDifference
        ? `(if ${get("centred")}
            (then ${overPairs("sumKept", statsOf(true))})
            (else ${overPairs("sum", statsOf(false))}))`
        : overPairs("sum", statsOf(false)),
      ...storeSums,
    ])
  }
        (local.set $ll
          (f64.add ${get("ll")}
            (f64.add
              (call $log (f64x2.extract_lane 0 ${get("prod")}))
              (call $log (f64x2.extract_lane 1 ${get("prod")})))))
        (local.set $first ${get("end")})
        (br $blocks)))
    (f64.add ${get("ll")}
      (f64.mul
        (f64.add (f64x2.extract_lane 0 ${get("sumMax")}) (f64x2.extract_lane 1 ${get("sumMax")}))
        (f64.const ${UNIT})))`;
  const hoisted = [...constants.values()].map((name) => `(local $${name} v128)`).join(" ");
  const initial = [...constants].map(([text, name]) => `(local.set $${name} ${text})`);
  constants = null;
  return `
  (func (export "${form}${d}") (param $pairs i32) (param $k i32) (param $at i32) (param $centred i32) (result f64)
    (local $first i32) (local $i i32) (local $end i32) (local $h i32) (local $b i32)
    (local $o i32) (local $so i32) (local $wbase i32) (local $wo i32) (local $io i32) (local $xo i32) (local $uo i32)
    (local $ll f64)
    ${locals.join(" ")} ${hoisted}
    ${initial.join("\n    ")}
    ${body})`;
}

/** Components up to which phase 3 is written out per k (more go through a loop). */
const UNROLLED_K = 8;

/**
 * Phase 3 of a block, shared by every pass: per pair i in [first, end), the
 * maximum (and minimum) of its log-densities over the components, their
 * exp() values eₕ and sum, and the responsibilities eₕ/Σ eₕ (in place, over
 * the log-densities). Returns sumMax plus the pairs' maxima; the product of the
 * sums is left in the global $prod (log() is taken of it once per block).
 * Written out for k components (`k` a number) or as a loop over the
 * argument $k (null: for k > UNROLLED_K). Where no
 * component's t = log wₕ − max is below −708 (natural units), a pair's
 * exp() values go without the test for the slow tail.
 */
function expsFunction(name: string, k: number | null): string {
  constants = new Map();
  const { weights } = ND_LAYOUT;
  const load = (h: number) => `(v128.load offset=${weights + 16 * ND_BLOCK * h} ${get("io")})`;
  const pair = `(v128.load offset=${weights} ${get("wo")})`;
  const exponentials = (tail: boolean): string => {
    if (k !== null) {
      const lines: string[] = [];
      for (let h = 0; h < k; h++) {
        lines.push(exponential(tail, get(`w${h}`)));
        lines.push(set(`w${h}`, get("y")));
        lines.push(set("s", h === 0 ? add(splat("0"), get("y")) : add(get("s"), get("y"))));
      }
      return lines.join("\n            ");
    }
    const label = tail ? "withTail" : "exponentials";
    return `${set("s", splat("0"))}
          (local.set $h (i32.const 0))
          (local.set $wo ${get("io")})
          (loop $${label}
            ${exponential(tail, pair)}
            (v128.store offset=${weights} ${get("wo")} ${get("y")})
            ${set("s", add(get("s"), get("y")))}
            (local.set $wo (i32.add ${get("wo")} (i32.const ${16 * ND_BLOCK})))
            (br_if $${label}
              (i32.lt_u (local.tee $h (i32.add ${get("h")} (i32.const 1))) ${get("k")})))`;
  };
  let extremes: string;
  if (k !== null) {
    const lines: string[] = [];
    for (let h = 0; h < k; h++) lines.push(set(`w${h}`, load(h)));
    let max = get("w0"), min = get("w0");
    for (let h = 1; h < k; h++) {
      max = `(f64x2.pmax ${max} ${get(`w${h}`)})`;
      min = `(f64x2.pmin ${min} ${get(`w${h}`)})`;
    }
    lines.push(set("max", max), set("min", min));
    extremes = lines.join("\n          ");
  } else {
    extremes = `${set("max", splat("-inf"))}
          ${set("min", splat("inf"))}
          (local.set $h (i32.const 0))
          (local.set $wo ${get("io")})
          (loop $maximum
            ${set("max", `(f64x2.pmax ${get("max")} ${pair})`)}
            ${set("min", `(f64x2.pmin ${get("min")} ${pair})`)}
            (local.set $wo (i32.add ${get("wo")} (i32.const ${16 * ND_BLOCK})))
            (br_if $maximum
              (i32.lt_u (local.tee $h (i32.add ${get("h")} (i32.const 1))) ${get("k")})))`;
  }
  // rₕ = eₕ/Σ eₕ over the exp() values.
  let responsibilities: string;
  if (k !== null) {
    responsibilities = Array.from(
      { length: k },
      (_, h) =>
        `(v128.store offset=${weights + 16 * ND_BLOCK * h} ${get("io")} ${
          mul(get(`w${h}`), get("inv"))
        })`,
    ).join("\n          ");
  } else {
    responsibilities = `(local.set $h (i32.const 0))
          (local.set $wo ${get("io")})
          (loop $responsibilities
            (v128.store offset=${weights} ${get("wo")} ${mul(pair, get("inv"))})
            (local.set $wo (i32.add ${get("wo")} (i32.const ${16 * ND_BLOCK})))
            (br_if $responsibilities
              (i32.lt_u (local.tee $h (i32.add ${get("h")} (i32.const 1))) ${get("k")})))`;
  }
  const body = `(local.set $i ${get("first")})
        (local.set $io (i32.const 0))
        ${set("prod", splat("1"))}
        (loop $exps
          ${extremes}
          (if (v128.any_true (f64x2.lt (f64x2.sub ${get("min")} ${get("max")}) ${splat(FAST_MIN)}))
            (then ${exponentials(true)})
            (else ${exponentials(false)}))
          ${set("sumMax", add(get("sumMax"), get("max")))}
          ${set("prod", mul(get("prod"), get("s")))}
          ${set("inv", `(f64x2.div ${splat("1")} ${get("s")})`)}
          ${responsibilities}
          (local.set $io (i32.add ${get("io")} (i32.const 16)))
          (br_if $exps
            (i32.lt_u (local.tee $i (i32.add ${get("i")} (i32.const 1))) ${get("end")})))
        (global.set $prod ${get("prod")})
        ${get("sumMax")}`;
  const hoisted = [...constants.values()].map((c) => `(local $${c} v128)`).join(" ");
  const initial = [...constants].map(([text, c]) => `(local.set $${c} ${text})`);
  constants = null;
  const ws = k === null ? "" : Array.from({ length: k }, (_, h) => `(local $w${h} v128)`).join(" ");
  return `
  (func ${name} (type $exps) (param $first i32) (param $end i32) (param $k i32) (param $sumMax v128)
    (result v128)
    (local $i i32) (local $h i32) (local $io i32) (local $wo i32)
    (local $max v128) (local $min v128) (local $s v128) (local $prod v128) (local $inv v128)
    (local $t v128) (local $tc v128) (local $big v128) (local $r v128) (local $u v128)
    (local $p v128) (local $j v128) (local $y v128) ${ws} ${hoisted}
    ${initial.join("\n    ")}
    ${body})`;
}

/**
 * y = exp(t), t = log wₕ − max (units), into $y (lib/core/fused/_exp.ts
 * computes the same); with `tail`, lanes where t < −708 take the slow path.
 */
function exponential(tail: boolean, source: string): string {
  return [
    set("t", sub(source, get("max"))),
    // Without the tail every t is at least −708: no clamp needed.
    set("tc", tail ? `(f64x2.pmax ${get("t")} ${splat(FAST_MIN)})` : get("t")),
    set("big", add(get("tc"), splat(ROUND))),
    set("r", sub(get("tc"), sub(get("big"), splat(ROUND)))),
    set(
      "u",
      `(i64x2.sub ${get("big")} ${
        constant("(v128.const i64x2 4843621399236706560 4843621399236706560)")
      })`,
    ),
    set(
      "p",
      madd(
        get("r"),
        madd(
          get("r"),
          madd(get("r"), madd(get("r"), splat(C4), splat(C[2]!)), splat(C[1]!)),
          splat(C[0]!),
        ),
        splat("1"),
      ),
    ),
    set(
      "j",
      `(i64x2.shl (v128.and ${get("u")} ${constant("(v128.const i64x2 255 255)")}) (i32.const 3))`,
    ),
    set(
      "y",
      mul(
        mul(
          `(f64x2.replace_lane 1 (f64x2.splat (f64.load (i32.wrap_i64 (i64x2.extract_lane 0 ${
            get("j")
          })))) (f64.load (i32.wrap_i64 (i64x2.extract_lane 1 ${get("j")}))))`,
          get("p"),
        ),
        `(i64x2.shl (i64x2.shr_u ${get("u")} (i32.const 8)) (i32.const 52))`,
      ),
    ),
    tail
      ? `(if (v128.any_true (f64x2.lt ${get("t")} ${splat(FAST_MIN)}))
              (then (local.set $y (call $tail ${get("t")} ${get("y")}))))`
      : "",
  ].join("\n            ");
}
