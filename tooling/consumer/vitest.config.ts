import { preset } from "@arcgis-portal/vitest-preset"
import { defineConfig } from "vitest/config"

export default defineConfig(preset("consumer"))
