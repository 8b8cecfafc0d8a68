import { fileURLToPath } from "node:url"

const reportsDirectory = fileURLToPath(new URL("../../.reports/vitest/", import.meta.url))
const secretScan = fileURLToPath(new URL("./secret-scan.js", import.meta.url))

/**
 * The shared vitest configuration of every package: the default console reporter plus a JSON
 * report per package, which `.ci/run` sums into its closing `N passed, N failed` line.
 *
 * The suite-wide secret scan (`secret-scan.js`) runs with every test file unless `options.secretScan` is false
 * (the emulator's own tests send secrets in every way on purpose, and the conformance suite drives rest-js).
 *
 * @param {string} name the package's short name (the report's file name)
 * @param {import("vitest/config").ViteUserConfig["test"]} [overrides]
 * @param {{ secretScan?: boolean }} [options]
 */
export const preset = (name, overrides = {}, options = {}) => ({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: options.secretScan === false ? [] : [secretScan],
    reporters: ["default", "json"],
    outputFile: { json: `${reportsDirectory}${name}.json` },
    // Hang guards, not performance assertions: `pnpm test` runs every package's suite at once (turbo), and must pass
    // with the CPUs busy beside it, where starting an emulator (scrypt-hashed seed passwords) in a `beforeAll` has
    // been measured at over 30 s.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    ...overrides,
  },
})
