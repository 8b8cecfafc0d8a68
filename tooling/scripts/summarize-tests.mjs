// Prints one closing line, `N passed, N failed`, summed from the vitest JSON reports in .reports/vitest.
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const directory = fileURLToPath(new URL("../../.reports/vitest/", import.meta.url))
let passed = 0
let failed = 0
let reports = 0
if (existsSync(directory)) {
  for (const file of readdirSync(directory).filter((name) => name.endsWith(".json"))) {
    const report = JSON.parse(readFileSync(`${directory}${file}`, "utf8"))
    passed += report.numPassedTests ?? 0
    failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0)
    reports += 1
  }
}
if (reports === 0) failed += 1
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
