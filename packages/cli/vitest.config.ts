import { preset } from "@arcgis-portal/vitest-preset"
import { defineConfig } from "vitest/config"

// Tests spawn the bundled binary: `test/global-setup.ts` bundles it once before any test file runs.
export default defineConfig(preset("cli", { globalSetup: ["test/global-setup.ts"] }))
