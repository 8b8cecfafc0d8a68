import { fileURLToPath } from "node:url"

const reportsDirectory = fileURLToPath(new URL("../../.reports/vitest/", import.meta.url))

/**
 * The shared vitest configuration of every package: the default console reporter plus a JSON
 * report per package, which `.ci/run` sums into its closing `N passed, N failed` line.
 *
 * @param {string} name the package's short name (the report's file name)
 * @param {import("vitest/config").ViteUserConfig["test"]} [overrides]
 */
export const preset = (name, overrides = {}) => ({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: `${reportsDirectory}${name}.json` },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    ...overrides,
  },
})
