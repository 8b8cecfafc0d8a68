/**
 * B4 bundle weight: the entry programs of entries/ (same programs for both contenders) bundled by
 * esbuild for the browser, minified, then gzipped (lib/bundle.ts, shared with the bundle-size guard
 * of test/bundle-budget.test.ts). Sizes are deterministic: one build each. Ours is measured through
 * both faces of the Effect API — the `Content` service (`entries/ours/<entry>.ts`) and the module-level
 * functions of `@arcgis-portal/content/operations` (`<entry>-ops.ts`) — and entry (a) also through the
 * Promise facade: its main entry and `@arcgis-portal/gis/content`. Each program is measured as one
 * file and, split as application bundlers split, by what loads before its first dynamic import.
 */
import {
  type Bundle,
  bundle,
  contenders,
  type Entry,
  entries,
  type FacadeEntry,
  facadeEntries,
  type OperationsEntry,
  operationsEntries,
  readBudget,
} from "../lib/bundle.ts"
import { formatNumber, summarize } from "../lib/stats.ts"
import type { BenchResult, Context, Measurement } from "../lib/types.ts"

const kb = (bytes: number) => bytes / 1000

const byPackage = (packages: Record<string, number>) =>
  Object.entries(packages)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 7)
    .map(([name, bytes]) => `${name} ${formatNumber(kb(bytes))} KB`)
    .join(", ")

/** A bundle without its list of source files, for the `--json` output. */
const slim = (sized: Record<string, Bundle>) =>
  Object.fromEntries(Object.entries(sized).map(([entry, { inputs: _inputs, ...rest }]) => [entry, rest]))

export const run = async (_context: Context): Promise<BenchResult> => {
  const sizes: Record<string, Record<string, Bundle>> = {}
  for (const contender of contenders) {
    sizes[contender] = {}
    for (const entry of entries) sizes[contender][entry] = await bundle(contender, entry)
  }
  const facade: Record<string, Bundle> = {}
  for (const entry of facadeEntries) facade[entry] = await bundle("ours", entry)
  const operations: Record<string, Bundle> = {}
  for (const entry of operationsEntries) operations[entry] = await bundle("ours", entry)
  const facadeGz = (entry: FacadeEntry) => facade[entry]!.gzip
  const opsGz = (entry: OperationsEntry) => operations[entry]!.gzip
  const gz = (contender: string, entry: Entry) => sizes[contender]![entry]!.gzip
  const marginal = (contender: string) => ({
    "getItem after (a)": gz(contender, "a-get") - gz(contender, "a"),
    "(b) after (a)": gz(contender, "ab") - gz(contender, "a"),
    "(c) after (a)": gz(contender, "ac") - gz(contender, "a"),
    "(c) after (a)+(b)": gz(contender, "abc") - gz(contender, "ab"),
  })
  const opsMarginal = {
    "getItem after (a)": opsGz("a-get-ops") - opsGz("a-ops"),
    "(b) after (a)": opsGz("ab-ops") - opsGz("a-ops"),
    "(c) after (a)": opsGz("ac-ops") - opsGz("a-ops"),
    "(c) after (a)+(b)": opsGz("abc-ops") - opsGz("ab-ops"),
  }
  const measurements: Array<Measurement> = []
  const measure = (contender: string, label: string, sized: Bundle) =>
    measurements.push({
      contender,
      label: `${label} (minified ${formatNumber(kb(sized.minified))} KB; first load ${formatNumber(kb(sized.initialGzip))} KB gz)`,
      unit: "KB gz",
      summary: summarize([kb(sized.gzip)]),
    })
  for (const contender of contenders)
    for (const entry of ["a", "b", "c", "abc"] as const) measure(contender, `entry ${entry}`, sizes[contender]![entry]!)
  for (const entry of ["a-ops", "b-ops", "abc-ops"] as const)
    measure("ours", `entry ${entry.replace("-ops", "")} via the operations entries`, operations[entry]!)
  const facadeLabels: Record<FacadeEntry, string> = {
    "gis-a": "entry a via @arcgis-portal/gis",
    "gis-content-a": "entry a via @arcgis-portal/gis/content",
  }
  for (const entry of facadeEntries) measure("ours", facadeLabels[entry], facade[entry]!)
  const a = operations["a-ops"]!
  const budget = readBudget()
  return {
    id: "b4",
    title:
      "B4 bundle weight: esbuild, browser, minified, gzip -9 (KB = 1,000 bytes; one file, and the first load when split)",
    measurements,
    targets: [
      {
        description: "ours (a) ≤ 40 KB gz (content/operations, first load)",
        met: kb(a.initialGzip) <= 40,
        actual: `${formatNumber(kb(a.initialGzip))} KB (one file ${formatNumber(kb(a.gzip))} KB; Content service ${formatNumber(kb(gz("ours", "a")))} KB; rest-js ${formatNumber(kb(gz("rest-js", "a")))} KB)`,
      },
      {
        description: "ours (a) via @arcgis-portal/gis/content ≤ 45 KB gz",
        met: kb(facadeGz("gis-content-a")) <= 45,
        actual: `${formatNumber(kb(facadeGz("gis-content-a")))} KB (main entry ${formatNumber(kb(facadeGz("gis-a")))} KB)`,
      },
      {
        description: "ours marginal cost per further operation ≤ 0.5 KB gz (content/operations)",
        met: Object.values(opsMarginal).every((bytes) => kb(bytes) <= 0.5),
        actual: Object.entries(opsMarginal)
          .map(([what, bytes]) => `${what.replace(" after (a)", "").replace("+(b)", "")} ${formatNumber(kb(bytes))}`)
          .join(", ")
          .concat(" KB"),
      },
    ],
    notes: [
      ...contenders.map(
        (contender) =>
          `${contender} marginal gz: ${Object.entries(marginal(contender))
            .map(([what, bytes]) => `${what} ${formatNumber(kb(bytes))} KB`)
            .join(", ")}`,
      ),
      `ours via the operations entries (content/operations, users-groups-roles/operations) marginal gz: ${Object.entries(
        opsMarginal,
      )
        .map(([what, bytes]) => `${what} ${formatNumber(kb(bytes))} KB`)
        .join(", ")}`,
      `ours (a) via content/operations: first load ${a.initialGzip} bytes gz (guard ${budget.b4aOperationsInitial.gzipBytes}), one file ${a.gzip} (guard ${budget.b4aOperations.gzipBytes}), loaded on the first transfer ${a.lazyGzip}`,
      `ours (a) via the Content service ${gz("ours", "a")} bytes gz (guard ${budget.b4a.gzipBytes}, budget.json); via @arcgis-portal/gis/content ${facadeGz("gis-content-a")} (guard ${budget.b4aGisContent.gzipBytes}), via @arcgis-portal/gis ${facadeGz("gis-a")}`,
      `ours (a) via content/operations, first load minified by package: ${byPackage(a.initialByPackage)}`,
      `ours (a) via the Content service minified by package: ${byPackage(sizes.ours!.a!.byPackage)}`,
      `ours (a) via @arcgis-portal/gis/content minified by package: ${byPackage(facade["gis-content-a"]!.byPackage)}`,
      `rest-js (a) minified by package: ${byPackage(sizes["rest-js"]!.a!.byPackage)}`,
    ],
    details: {
      ...Object.fromEntries(
        contenders.map((contender) => [
          contender,
          { bundles: slim(sizes[contender]!), marginalGzipBytes: marginal(contender) },
        ]),
      ),
      operations: { bundles: slim(operations), marginalGzipBytes: opsMarginal },
      facade: slim(facade),
    },
  }
}
