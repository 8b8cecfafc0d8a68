/**
 * B4 bundle weight: the entry programs of entries/ (same programs for both contenders) bundled by
 * esbuild for the browser, minified, then gzipped (lib/bundle.ts, shared with the bundle-size guard
 * of test/bundle-budget.test.ts). Sizes are deterministic: one build each. Entry (a) is also
 * measured through our Promise facade: its main entry and `@arcgis-portal/gis/content`.
 */
import {
  type Bundle,
  bundle,
  contenders,
  type Entry,
  entries,
  type FacadeEntry,
  facadeEntries,
  readBudget,
} from "../lib/bundle.ts"
import { formatNumber, summarize } from "../lib/stats.ts"
import type { BenchResult, Context, Measurement } from "../lib/types.ts"

const kb = (bytes: number) => bytes / 1000

export const run = async (_context: Context): Promise<BenchResult> => {
  const sizes: Record<string, Record<string, Bundle>> = {}
  for (const contender of contenders) {
    sizes[contender] = {}
    for (const entry of entries) sizes[contender][entry] = await bundle(contender, entry)
  }
  const facade: Record<string, Bundle> = {}
  for (const entry of facadeEntries) facade[entry] = await bundle("ours", entry)
  const facadeGz = (entry: FacadeEntry) => facade[entry]!.gzip
  const gz = (contender: string, entry: Entry) => sizes[contender]![entry]!.gzip
  const marginal = (contender: string) => ({
    "getItem after (a)": gz(contender, "a-get") - gz(contender, "a"),
    "(b) after (a)": gz(contender, "ab") - gz(contender, "a"),
    "(c) after (a)": gz(contender, "ac") - gz(contender, "a"),
    "(c) after (a)+(b)": gz(contender, "abc") - gz(contender, "ab"),
  })
  const measurements: Array<Measurement> = []
  for (const contender of contenders)
    for (const entry of ["a", "b", "c", "abc"] as const)
      measurements.push({
        contender,
        label: `entry ${entry} (minified ${formatNumber(kb(sizes[contender]![entry]!.minified))} KB)`,
        unit: "KB gz",
        summary: summarize([kb(gz(contender, entry))]),
      })
  const facadeLabels: Record<FacadeEntry, string> = {
    "gis-a": "entry a via @arcgis-portal/gis",
    "gis-content-a": "entry a via @arcgis-portal/gis/content",
  }
  for (const entry of facadeEntries)
    measurements.push({
      contender: "ours",
      label: `${facadeLabels[entry]} (minified ${formatNumber(kb(facade[entry]!.minified))} KB)`,
      unit: "KB gz",
      summary: summarize([kb(facadeGz(entry))]),
    })
  const oursMarginal = marginal("ours")
  const worstMarginal = Math.max(oursMarginal["getItem after (a)"], oursMarginal["(c) after (a)+(b)"])
  const top = (contender: string, entry: Entry) =>
    Object.entries(sizes[contender]![entry]!.byPackage)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([name, bytes]) => `${name} ${formatNumber(kb(bytes))} KB`)
      .join(", ")
  return {
    id: "b4",
    title: "B4 bundle weight: esbuild, browser, minified, gzip -9 (KB = 1,000 bytes)",
    measurements,
    targets: [
      {
        description: "ours (a) ≤ 30 KB gz",
        met: kb(gz("ours", "a")) <= 30,
        actual: `${formatNumber(kb(gz("ours", "a")))} KB (rest-js ${formatNumber(kb(gz("rest-js", "a")))} KB)`,
      },
      {
        description: "ours (a) via @arcgis-portal/gis/content ≤ 45 KB gz",
        met: kb(facadeGz("gis-content-a")) <= 45,
        actual: `${formatNumber(kb(facadeGz("gis-content-a")))} KB (main entry ${formatNumber(kb(facadeGz("gis-a")))} KB)`,
      },
      {
        description: "ours marginal cost per further operation ≤ 0.5 KB gz",
        met: Object.values(oursMarginal).every((bytes) => kb(bytes) <= 0.5),
        actual: `getItem ${formatNumber(kb(oursMarginal["getItem after (a)"]))} KB, worst ${formatNumber(kb(Math.max(...Object.values(oursMarginal), worstMarginal)))} KB`,
      },
    ],
    notes: [
      ...contenders.map(
        (contender) =>
          `${contender} marginal gz: ${Object.entries(marginal(contender))
            .map(([what, bytes]) => `${what} ${formatNumber(kb(bytes))} KB`)
            .join(", ")}`,
      ),
      `ours (a) ${gz("ours", "a")} bytes gz; the bundle-size guard (pnpm test) fails above ${readBudget().b4a.gzipBytes} (budget.json)`,
      `ours (a) via @arcgis-portal/gis/content ${facadeGz("gis-content-a")} bytes gz (guard: ${readBudget().b4aGisContent.gzipBytes}), via @arcgis-portal/gis ${facadeGz("gis-a")}`,
      `ours (a) via @arcgis-portal/gis/content minified by package: ${Object.entries(facade["gis-content-a"]!.byPackage)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([name, bytes]) => `${name} ${formatNumber(kb(bytes))} KB`)
        .join(", ")}`,
      `ours (a) minified by package: ${top("ours", "a")}`,
      `rest-js (a) minified by package: ${top("rest-js", "a")}`,
    ],
    details: {
      ...Object.fromEntries(
        contenders.map((contender) => [
          contender,
          { bundles: sizes[contender], marginalGzipBytes: marginal(contender) },
        ]),
      ),
      facade,
    },
  }
}
