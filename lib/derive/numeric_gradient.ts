/**
 * A central finite-difference gradient, for checking derivations numerically.
 *
 * @module
 */
import { checkData, checkNumber, checkOptions, optionKeys } from "../core/_validate.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "../core/errors.ts";

/** Options for {@linkcode numericGradient}. */
export interface NumericGradientOptions {
  /**
   * Relative step: coordinate j moves by ±step·max(1, |xⱼ|).
   * @default 1e-5
   */
  step?: number;
}

/**
 * The gradient of f at a point by central differences:
 * ∂f/∂xⱼ ≈ (f(x + hⱼeⱼ) − f(x − hⱼeⱼ)) / (2hⱼ), with hⱼ = step·max(1, |xⱼ|).
 * The error is of order hⱼ² (truncation) plus ε·|f|/hⱼ (rounding).
 *
 * @param f The function, taking a copy of the point.
 * @param point Where to take the gradient.
 * @param options The relative step.
 * @returns One partial derivative per coordinate.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example The gradient of x² + 3y at (2, 5) is (4, 3)
 * ```ts
 * import { numericGradient } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const [gx, gy] = numericGradient(([x, y]) => x! * x! + 3 * y!, [2, 5]);
 * assertAlmostEquals(gx!, 4, 1e-8);
 * assertAlmostEquals(gy!, 3, 1e-8);
 * ```
 */
export function numericGradient(
  f: (x: number[]) => number,
  point: ArrayLike<number>,
  options: NumericGradientOptions = {},
): number[] {
  if (typeof f !== "function") {
    throw new ParameterTypeError(
      "f",
      "a function from number[] to number",
      describeValue(f),
    );
  }
  checkData(point, "point");
  checkOptions(options, optionKeys<NumericGradientOptions>({ step: 1 }), "numericGradient");
  const { step = 1e-5 } = options;
  checkNumber(step, "options.step", 0, {
    strict: true,
    hint: "Use a small positive relative step such as 1e-5.",
  });
  const x = Array.from(point);
  return x.map((xj, j) => {
    const h = step * Math.max(1, Math.abs(xj));
    const plus = x.slice(), minus = x.slice();
    plus[j] = xj + h;
    minus[j] = xj - h;
    const fPlus = f(plus), fMinus = f(minus);
    if (!Number.isFinite(fPlus) || !Number.isFinite(fMinus)) {
      throw new ParameterRangeError(
        "f",
        `a function finite within ±${h} of point[${j}] = ${xj}`,
        `f = ${describeValue(fPlus)} and ${describeValue(fMinus)} there`,
        "Take the gradient away from the edge of f's domain, or use a smaller step.",
      );
    }
    return (fPlus - fMinus) / (2 * h);
  });
}
