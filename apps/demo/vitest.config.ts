import { existsSync } from "node:fs"
import { preset } from "@arcgis-portal/vitest-preset"
import { defineConfig } from "vitest/config"

// The browser test needs Debian's Chromium (`.ci/run` installs it); without it the file is not part of the run.
const hasChromium = existsSync("/usr/bin/chromium")
export default defineConfig(
  preset("demo", {
    exclude: hasChromium ? ["**/node_modules/**"] : ["**/node_modules/**", "test/**/*.browser.test.ts"],
  }),
)
