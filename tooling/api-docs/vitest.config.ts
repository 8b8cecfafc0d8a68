import { preset } from "@arcgis-portal/vitest-preset"
import { defineConfig } from "vitest/config"

// One test file at a time: each builds a TypeScript program (the repository's takes ~15 s of CPU and ~1 GB), and
// the machines this runs on have two cores shared with every other package's tests.
export default defineConfig(preset("api-docs", { fileParallelism: false }))
