import { preset } from "@arcgis-portal/vitest-preset"
import { defineConfig } from "vitest/config"

// Only the bundle-size guard: the benchmarks themselves run with `pnpm bench`, not `pnpm test`.
export default defineConfig(preset("bench"))
