/**
 * The E-step made visible: every data point as a dot in a strip, coloured by
 * its responsibilities p̄(h | xᵢ) (a point owned 70/30 by components 1 and 2
 * is drawn in a 70/30 mix of their colours).
 *
 * @module
 */
import { messages } from "../core/i18n.ts";
import * as Plot from "@observablehq/plot";
import {
  CANVAS_KEYS,
  checkDomain,
  type LegendEntry,
  paddedExtent,
  resolveChartOptions,
} from "./_overlay.ts";
import { chartTitle, layoutChart } from "./_layout.ts";
import { checkData, optionKeys } from "../core/_validate.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "../core/errors.ts";
import { eStep } from "../core/em/e_step.ts";
import type { Mixture } from "../core/model/mixture.ts";
import type { ChartDocument, ChartElement } from "./document.ts";
import { blendComponentColors, componentColor } from "./colors.ts";

/** Options for {@linkcode responsibilityStrip}. */
export interface ResponsibilityStripOptions {
  /** Title; `false` for none. @default "responsibilities p̄(h | xᵢ)" */
  title?: string | false;
  /** Label of the x axis. @default "x" */
  xLabel?: string;
  /** Fixed [min, max] of the x axis (e.g. `frameDomain(…).x`). @default the data's range plus 5 % */
  domain?: readonly [number, number];
  /** Dot radius in pixels. @default 3 */
  r?: number;
  /**
   * Space left of the x axis, in pixels; 56 lines the axis up with
   * `mixtureFrame`'s drawn above it.
   * @default 24
   */
  marginLeft?: number;
  /** Space right of the x axis, in pixels (20 as in `mixtureFrame`). @default 24 */
  marginRight?: number;
  /** Width in pixels. @default 640 */
  width?: number;
  /** Height in pixels. @default 200 */
  height?: number;
  /** Background colour, or `null` for transparent. @default "white" */
  background?: string | null;
  /** DOM document to draw into. @default the shared linkedom document */
  document?: ChartDocument;
}

/** Default options of {@linkcode responsibilityStrip}. */
export const responsibilityStripDefaults: Readonly<
  { title: string; xLabel: string; r: number; width: number; height: number; background: string }
> = Object.freeze({
  title: "responsibilities p̄(h | xᵢ)",
  xLabel: "x",
  r: 3,
  width: 640,
  height: 200,
  background: "white",
});

function resolveResponsibilities(
  x: ArrayLike<number>,
  source: unknown,
): readonly (readonly number[])[] {
  if (Array.isArray(source)) {
    if (source.length !== x.length) {
      throw new ParameterRangeError(
        "responsibilities",
        `one row per observation (${x.length} rows)`,
        `${source.length} rows`,
        "Pass the responsibilities of these data, e.g. eStep(x, mixture).responsibilities.",
      );
    }
    const k = (source[0] as unknown[] | undefined)?.length ?? 0;
    source.forEach((row: unknown, i) => {
      if (!Array.isArray(row) || row.length !== k || row.length === 0) {
        throw new ParameterRangeError(
          `responsibilities[${i}]`,
          `an array of ${k} numbers`,
          describeValue(row),
          "Every row holds one probability per component.",
        );
      }
    });
    return source as number[][];
  }
  if (source !== null && typeof source === "object") {
    const mixture = "weights" in source
      ? source as Mixture
      : (source as { mixture?: Mixture }).mixture;
    if (mixture !== undefined) return eStep(x, mixture).responsibilities;
  }
  throw new ParameterTypeError(
    "responsibilities",
    "an n × k array of responsibilities, a mixture or an EM snapshot",
    describeValue(source),
    "Pass eStep(x, m).responsibilities, fit(…).responsibilities, a mixture or a snapshot.",
  );
}

/**
 * Draw the data as a strip of dots coloured by their responsibilities: a
 * point that component 1 explains fully has component 1's colour, an
 * undecided point a mix. Pass responsibilities, or a mixture / snapshot to
 * compute them (one E-step).
 *
 * @param x The observations.
 * @param responsibilities responsibilities[i][h] (n × k), or a mixture, or an EM snapshot.
 * @param options Title, domain, dot size, size, document.
 * @returns An `<svg>` element.
 *
 * @example Colour the data by the fitted responsibilities
 * ```ts
 * import { fit, mixture, responsibilityStrip, sampleMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 300, { seed: 42 });
 * const result = fit(x, 2, { seed: 42 });
 * const chart = responsibilityStrip(x, result.responsibilities);
 * assertEquals(chart.querySelectorAll("circle").length >= 300, true);
 * ```
 *
 * @example From a snapshot of a run
 * ```ts
 * import { em, initRandom, mixture, responsibilityStrip, sampleMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.5, 0.5], [0, 3], [1, 1]), 200, { seed: 1 });
 * const start = em(x, initRandom(2, { seed: 1 })).next().value!;
 * assertEquals(responsibilityStrip(x, start).tagName.toLowerCase(), "svg");
 * ```
 */
export function responsibilityStrip(
  x: ArrayLike<number>,
  responsibilities: readonly (readonly number[])[] | Mixture | { readonly mixture: Mixture },
  options: ResponsibilityStripOptions = {},
): ChartElement {
  checkData(x, "x");
  const resp = resolveResponsibilities(x, responsibilities);
  const { o, canvas } = resolveChartOptions(
    options,
    optionKeys<ResponsibilityStripOptions>({
      marginLeft: 1,
      marginRight: 1,
      title: 1,
      xLabel: 1,
      domain: 1,
      r: 1,
      ...CANVAS_KEYS,
    }),
    responsibilityStripDefaults,
    "responsibilityStrip",
    { width: 200, height: 100 },
  );
  const t = messages();
  for (const side of ["marginLeft", "marginRight"] as const) {
    const margin = options[side];
    if (
      margin !== undefined && !(typeof margin === "number" && margin >= 0 && margin < o.width / 2)
    ) {
      throw new ParameterRangeError(
        `options.${side}`,
        `a number of pixels ≥ 0 and below half the width (${o.width / 2})`,
        describeValue(margin),
      );
    }
  }
  if (typeof o.r !== "number" || !(o.r > 0) || !Number.isFinite(o.r)) {
    throw new ParameterRangeError("options.r", "a finite number > 0", describeValue(o.r));
  }
  if (options.domain !== undefined) checkDomain(options.domain, "options.domain");
  const k = resp[0]!.length;
  const domain = options.domain ?? paddedExtent(x, 0.05);

  // Deterministic jitter (golden-ratio sequence): same picture every time.
  const dots = Array.from({ length: x.length }, (_, i) => ({
    x: x[i]!,
    y: ((i + 1) * 0.6180339887498949) % 1,
    fill: blendComponentColors(resp[i]!),
  }));

  const entries: LegendEntry[] = [
    ...Array.from({ length: k }, (_, h): LegendEntry => ({
      label: t.component(h + 1),
      color: componentColor(h),
      symbol: "dot",
    })),
    {
      label: t.undecided,
      color: blendComponentColors(new Array(k).fill(1)),
      symbol: "dot",
    },
  ];
  return layoutChart({
    ...canvas,
    height: o.height,
    title: chartTitle(options.title, t.responsibilitiesTitle),
    legend: entries,
    marginLeft: options.marginLeft ?? 24,
    marginRight: options.marginRight ?? 24,
    x: { domain: domain as [number, number], label: o.xLabel },
    y: { domain: [0, 1], axis: null, inset: o.r + 2 },
    marks: [
      Plot.frame({ stroke: "#ddd" }),
      Plot.dot(dots, { x: "x", y: "y", r: o.r, fill: "fill", fillOpacity: 0.9 }),
    ],
  });
}
