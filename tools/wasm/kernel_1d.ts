/**
 * The WebAssembly text of the 1-D fused EM pass (lib/core/fused/_pass.ts
 * says what it computes), written out by `tools/build_wasm.ts` and compiled
 * into lib/core/fused/_kernel_1d_bytes.ts. `deno task wasm --print` shows it.
 *
 * Four points per step (two f64x2 vectors, `0` and `1`), the same formulas
 * as the TypeScript loop. Log-densities are kept in units of ln 2 / 256, so
 * that exp(t) = 2^(t/256) needs no multiply for its argument reduction:
 * q = round(t), r = t − q (exact), exp = 2^(q >> 8) · 2^((q & 255)/256) · P(r),
 * P the degree-4 Taylor polynomial of 2^(r/256).
 *
 * The module exports `pass(quads, k, block)`, a loop over the components
 * that keeps the per-component values in memory, and `pass1` … `pass6`,
 * the same pass with the loop over components unrolled for that k, so that
 * the values stay in registers. Two builds: one with relaxed-SIMD fused
 * multiply-adds (used where the runtime has them), one with a multiply and
 * an add (everywhere else); they differ only in the last bits.
 *
 * Memory (bytes; per-component values stored once per lane):
 *
 *     0      2^(j/256), j = 0..255 (written by the host)
 *     2048   μ_h            3072  1/(2σ_h²)·u    4096  (log λ_h − log σ_h − log √(2π))·u
 *     5120   c_h, the centres the sums are taken around          (u = 256/ln 2)
 *     6144   Σ r            8192  Σ r (x − c)    10240 Σ r (x − c)²   (one vector per h)
 *     12288  log w_h        14336 e_h = exp(log w_h − max)  (two vectors per h; generic loop only)
 *     16384  the points of this chunk
 *
 * @module
 */

/** Most components the memory layout has room for. */
export const MAX_K = 64;
/** The k for which an unrolled pass is built. */
export const UNROLLED_KS: readonly number[] = [1, 2, 3, 4, 5, 6];

/** t below this (−708 in natural units, as ln2/256 units) takes the slow exp. */
const FAST_MIN = "-261485.59077104283";
/** −746 in units: below it exp() is 0. */
const UNDERFLOW = "-275520.12812881067";
/** ln 2 / 256: one unit in natural units. */
const UNIT = "0.0027076061740622863";
const ROUND = "6755399441055744";
/** The bits of 1.5·2^52 less 1023·256: u = q + 1023·256 after the subtraction. */
const BIAS = "4843621399236706560";
/** Taylor coefficients of 2^(r/256) beyond 1: UNIT, UNIT²/2, UNIT³/6, UNIT⁴/24. */
const P = [
  "0.0027076061740622863",
  "0.000003665565596910106",
  "3.308302680541371e-9",
  "2.239395190875157e-12",
];

const splat = (v: string) => `(v128.const f64x2 ${v} ${v})`;
const get = (name: string) => `(local.get $${name})`;

/** The helpers that differ between the two builds. */
interface Ops {
  /** a·b + c */
  madd(a: string, b: string, c: string): string;
  /** c − a·b */
  nmadd(a: string, b: string, c: string): string;
}

const relaxedOps: Ops = {
  madd: (a, b, c) => `(f64x2.relaxed_madd ${a} ${b} ${c})`,
  nmadd: (a, b, c) => `(f64x2.relaxed_nmadd ${a} ${b} ${c})`,
};
const plainOps: Ops = {
  madd: (a, b, c) => `(f64x2.add (f64x2.mul ${a} ${b}) ${c})`,
  nmadd: (a, b, c) => `(f64x2.sub ${c} (f64x2.mul ${a} ${b}))`,
};

/** log w = offset − (x_v − μ)² · 1/(2σ²), for vector v. */
function logWeight(o: Ops, v: number, mu: string, hp: string, off: string): string {
  return `(local.set $d${v} (f64x2.sub ${get(`x${v}`)} ${mu}))\n` +
    `(local.set $val${v} ${o.nmadd(`(f64x2.mul ${get(`d${v}`)} ${get(`d${v}`)})`, hp, off)})`;
}

/** y_v = exp(t_v) in units (t_v ≤ 0): the table, the polynomial, the tail. */
function exp(o: Ops, v: number): string {
  const t = `t${v}`, tc = `tc${v}`, big = `big${v}`, r = `r${v}`, u = `u${v}`, j = `j${v}`;
  const horner = o.madd(
    get(r),
    o.madd(
      get(r),
      o.madd(get(r), o.madd(get(r), splat(P[3]!), splat(P[2]!)), splat(P[1]!)),
      splat(P[0]!),
    ),
    splat("1"),
  );
  const lane = (l: number) => `(f64.load (i32.wrap_i64 (i64x2.extract_lane ${l} ${get(j)})))`;
  return [
    `(local.set $${tc} (f64x2.pmax ${get(t)} ${splat(FAST_MIN)}))`,
    `;; t + 1.5·2^52 holds q = round(t) in its low mantissa bits`,
    `(local.set $${big} (f64x2.add ${get(tc)} ${splat(ROUND)}))`,
    `(local.set $${r} (f64x2.sub ${get(tc)} (f64x2.sub ${get(big)} ${splat(ROUND)})))`,
    `;; u = q + 1023·256 ≥ 0: u mod 256 = q mod 256, u >> 8 = (q >> 8) + 1023`,
    `(local.set $${u} (i64x2.sub ${get(big)} (v128.const i64x2 ${BIAS} ${BIAS})))`,
    `(local.set $${j} (i64x2.shl (v128.and ${get(u)} (v128.const i64x2 255 255)) (i32.const 3)))`,
    `;; 2^((q & 255)/256) from the table · P(r) · 2^(q >> 8) from its exponent bits`,
    `(local.set $y${v} (f64x2.mul (f64x2.mul (f64x2.replace_lane 1 (f64x2.splat ${lane(0)}) ${
      lane(1)
    }) ${horner}) (i64x2.shl (i64x2.shr_u ${get(u)} (i32.const 8)) (i32.const 52))))`,
    `;; below −746 the result is 0; between −746 and −708 it is Math.exp's`,
    `(if (v128.any_true (f64x2.lt ${get(t)} ${splat(FAST_MIN)}))`,
    `  (then (local.set $y${v} (call $tail ${get(t)} ${get(`y${v}`)}))))`,
  ].join("\n");
}

/** Add both vectors' r, r·(x − c), r·(x − c)² into component h's sums (at byte `at`). */
function addSums(o: Ops, e0: string, e1: string, c: string, at: string): string {
  const mem = (base: number) => `(v128.load offset=${base} ${at})`;
  const lines: string[] = [`(local.set $c ${c})`];
  for (const v of [0, 1]) {
    lines.push(
      `(local.set $r${v} (f64x2.mul ${v === 0 ? e0 : e1} ${get(`inv${v}`)}))`,
      `(local.set $d${v} (f64x2.sub ${get(`x${v}`)} ${get("c")}))`,
      `(local.set $rd${v} (f64x2.mul ${get(`r${v}`)} ${get(`d${v}`)}))`,
    );
  }
  lines.push(
    `(v128.store offset=6144 ${at} (f64x2.add ${mem(6144)} (f64x2.add ${get("r0")} ${get("r1")})))`,
    `(v128.store offset=8192 ${at} (f64x2.add ${mem(8192)} (f64x2.add ${get("rd0")} ${
      get("rd1")
    })))`,
    `(v128.store offset=10240 ${at} ${
      o.madd(get("rd1"), get("d1"), o.madd(get("rd0"), get("d0"), mem(10240)))
    })`,
  );
  return lines.join("\n");
}

const VECTOR_LOCALS = [
  "x",
  "d",
  "val",
  "max",
  "s",
  "t",
  "tc",
  "big",
  "u",
  "r",
  "j",
  "y",
  "inv",
  "rd",
  "prod",
  "sumMax",
];

/** The block/point loops around one point step, and the log-likelihood returned. */
function passFunction(name: string, params: string, extraLocals: string, step: string): string {
  const locals = VECTOR_LOCALS.map((l) => `(local $${l}0 v128) (local $${l}1 v128)`).join(" ");
  const logs = [0, 1].flatMap((v) =>
    [0, 1].map((l) => `(call $log (f64x2.extract_lane ${l} ${get(`prod${v}`)}))`)
  );
  const maxSum = [0, 1].flatMap((v) =>
    [0, 1].map((l) => `(f64x2.extract_lane ${l} ${get(`sumMax${v}`)})`)
  );
  return `
;; ${name}: adds 4·quads points (at 16384) into the sums and returns their
;; log-likelihood; log() is taken once per \`block\` quads, on the product of
;; the points' s (each in [1, k], so the product cannot overflow).
(func (export "${name}") ${params} (param $block i32) (result f64)
  (local $i i32) (local $end i32) (local $ll f64) (local $c v128) ${locals}
  ${extraLocals}
  (block $done
    (loop $blocks
      (br_if $done (i32.ge_u ${get("i")} ${get("quads")}))
      (local.set $end (i32.add ${get("i")} ${get("block")}))
      (if (i32.gt_u ${get("end")} ${get("quads")}) (then (local.set $end ${get("quads")})))
      (local.set $prod0 ${splat("1")})
      (local.set $prod1 ${splat("1")})
      (loop $points
        (local.set $x0 (v128.load offset=16384 (i32.shl ${get("i")} (i32.const 5))))
        (local.set $x1 (v128.load offset=16400 (i32.shl ${get("i")} (i32.const 5))))
${indent(step, 8)}
        (br_if $points (i32.lt_u (local.tee $i (i32.add ${get("i")} (i32.const 1))) ${get("end")})))
      (local.set $ll (f64.add ${get("ll")} (f64.add (f64.add ${logs[0]} ${logs[1]}) (f64.add ${
    logs[2]
  } ${logs[3]}))))
      (br $blocks)))
  ;; the maxima back in natural units
  (f64.add ${get("ll")} (f64.mul (f64.add (f64.add ${maxSum[0]} ${maxSum[1]}) (f64.add ${
    maxSum[2]
  } ${maxSum[3]})) (f64.const ${UNIT}))))`;
}

/** After the exps: s, its inverse, the running product and sum of maxima. */
function normalise(): string {
  return [0, 1].map((v) =>
    `(local.set $sumMax${v} (f64x2.add ${get(`sumMax${v}`)} ${get(`max${v}`)}))\n` +
    `(local.set $prod${v} (f64x2.mul ${get(`prod${v}`)} ${get(`s${v}`)}))\n` +
    `(local.set $inv${v} (f64x2.div ${splat("1")} ${get(`s${v}`)}))`
  ).join("\n");
}

/** The generic pass: loops over the k components, values kept in memory. */
function genericPass(o: Ops): string {
  const step = `;; log w_h for every h, and their maximum
(local.set $max0 ${splat("-inf")})
(local.set $max1 ${splat("-inf")})
(local.set $h (i32.const 0))
(loop $densities
  (local.set $o (i32.shl ${get("h")} (i32.const 4)))
  (local.set $w (i32.shl ${get("h")} (i32.const 5)))
${
    indent(
      [0, 1].map((v) =>
        logWeight(
          o,
          v,
          "(v128.load offset=2048 (local.get $o))",
          "(v128.load offset=3072 (local.get $o))",
          "(v128.load offset=4096 (local.get $o))",
        ) +
        `\n(v128.store offset=${12288 + 16 * v} ${get("w")} ${get(`val${v}`)})` +
        `\n(local.set $max${v} (f64x2.pmax ${get(`max${v}`)} ${get(`val${v}`)}))`
      ).join("\n"),
      2,
    )
  }
  (br_if $densities (i32.lt_u (local.tee $h (i32.add ${get("h")} (i32.const 1))) ${get("k")})))
;; e_h = exp(log w_h − max), and s = Σ e_h
(local.set $s0 ${splat("0")})
(local.set $s1 ${splat("0")})
(local.set $h (i32.const 0))
(loop $exps
  (local.set $w (i32.shl ${get("h")} (i32.const 5)))
${
    indent(
      [0, 1].map((v) =>
        `(local.set $t${v} (f64x2.sub (v128.load offset=${12288 + 16 * v} ${get("w")}) ${
          get(`max${v}`)
        }))\n` + exp(o, v) +
        `\n(v128.store offset=${14336 + 16 * v} ${get("w")} ${get(`y${v}`)})` +
        `\n(local.set $s${v} (f64x2.add ${get(`s${v}`)} ${get(`y${v}`)}))`
      ).join("\n"),
      2,
    )
  }
  (br_if $exps (i32.lt_u (local.tee $h (i32.add ${get("h")} (i32.const 1))) ${get("k")})))
${normalise()}
;; r_h = e_h / s; Σ r, Σ r (x − c_h), Σ r (x − c_h)²
(local.set $h (i32.const 0))
(loop $sums
  (local.set $w (i32.shl ${get("h")} (i32.const 5)))
  (local.set $o (i32.shl ${get("h")} (i32.const 4)))
${
    indent(
      addSums(
        o,
        "(v128.load offset=14336 (local.get $w))",
        "(v128.load offset=14352 (local.get $w))",
        "(v128.load offset=5120 (local.get $o))",
        get("o"),
      ),
      2,
    )
  }
  (br_if $sums (i32.lt_u (local.tee $h (i32.add ${get("h")} (i32.const 1))) ${get("k")})))`;
  return passFunction(
    "pass",
    "(param $quads i32) (param $k i32)",
    "(local $h i32) (local $o i32) (local $w i32)",
    step,
  );
}

/** The pass for exactly k components: the loops over h unrolled, values in locals. */
function unrolledPass(o: Ops, k: number): string {
  const at = (base: number, h: number) => `(v128.load offset=${base + 16 * h} (i32.const 0))`;
  const parts: string[] = [`;; log w_h for h = 0 … ${k - 1}, and their maximum`];
  for (let h = 0; h < k; h++) {
    for (const v of [0, 1]) {
      parts.push(
        logWeight(o, v, at(2048, h), at(3072, h), at(4096, h)),
        `(local.set $w${h}_${v} ${get(`val${v}`)})`,
        h === 0
          ? `(local.set $max${v} ${get(`val${v}`)})`
          : `(local.set $max${v} (f64x2.pmax ${get(`max${v}`)} ${get(`val${v}`)}))`,
      );
    }
  }
  parts.push(`;; e_h = exp(log w_h − max), and s = Σ e_h`);
  for (let h = 0; h < k; h++) {
    for (const v of [0, 1]) {
      parts.push(
        `(local.set $t${v} (f64x2.sub ${get(`w${h}_${v}`)} ${get(`max${v}`)}))`,
        exp(o, v),
        `(local.set $w${h}_${v} ${get(`y${v}`)})`,
        h === 0
          ? `(local.set $s${v} ${get(`y${v}`)})`
          : `(local.set $s${v} (f64x2.add ${get(`s${v}`)} ${get(`y${v}`)}))`,
      );
    }
  }
  parts.push(normalise(), `;; r_h = e_h / s; Σ r, Σ r (x − c_h), Σ r (x − c_h)²`);
  for (let h = 0; h < k; h++) {
    parts.push(addSums(o, get(`w${h}_0`), get(`w${h}_1`), at(5120, h), `(i32.const ${16 * h})`));
  }
  const locals = Array.from({ length: k }, (_, h) => `(local $w${h}_0 v128) (local $w${h}_1 v128)`)
    .join(" ");
  return passFunction(`pass${k}`, "(param $quads i32)", locals, parts.join("\n"));
}

function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text.split("\n").map((l) => pad + l).join("\n");
}

/** The tail of exp(): t < −708 (natural units) in some lane. */
const TAIL = `
;; exp() where t < −708 (natural units) in some lane: 0 below −746, else
;; Math.exp(t · ln2/256).
(func $tail (param $t v128) (param $y v128) (result v128)
  (local.set $y (v128.andnot ${get("y")} (f64x2.lt ${get("t")} ${splat(UNDERFLOW)})))
${
  [0, 1].map((l) =>
    `  (if (i32.and
        (f64.lt (f64x2.extract_lane ${l} ${get("t")}) (f64.const ${FAST_MIN}))
        (f64.ge (f64x2.extract_lane ${l} ${get("t")}) (f64.const ${UNDERFLOW})))
    (then
      (local.set $y (f64x2.replace_lane ${l} ${get("y")}
        (call $exp (f64.mul (f64x2.extract_lane ${l} ${get("t")}) (f64.const ${UNIT})))))))`
  ).join("\n")
}
  ${get("y")})`;

/** The whole module's text; `relaxed` for the build with fused multiply-adds. */
export function kernel1dWat(relaxed: boolean): string {
  const o = relaxed ? relaxedOps : plainOps;
  return `;; The 1-D fused EM pass (${relaxed ? "relaxed SIMD: fused multiply-adds" : "SIMD"}).
;; Generated by tools/build_wasm.ts from tools/wasm/kernel_1d.ts; do not edit.
(module
  (import "m" "exp" (func $exp (param f64) (result f64)))
  (import "m" "log" (func $log (param f64) (result f64)))
  (memory (export "memory") 5)
${indent(TAIL, 2)}
${indent(genericPass(o), 2)}
${UNROLLED_KS.map((k) => indent(unrolledPass(o, k), 2)).join("\n")})
`;
}
