import { preset } from "@arcgis-portal/vitest-preset"
import { defineConfig } from "vitest/config"

// The tests mostly wait for the scripts they run as child processes: two files at a time keep two CPUs busy.
// Each test runs several scripts, some at once; on a machine whose CPUs other suites keep busy (`pnpm test` runs them
// all together) one run has been measured at over 60 s. The limits are hang guards, not targets.
export default defineConfig(
  preset("example-admin-scripts", { maxWorkers: 2, testTimeout: 300_000, hookTimeout: 180_000 }),
)
