import { preset } from "@arcgis-portal/vitest-preset"
import { defineConfig } from "vitest/config"

// `--expose-gc` lets the large-upload test measure live memory rather than garbage not yet collected.
export default defineConfig(preset("content", { execArgv: ["--expose-gc"] }))
