// Bundles the binary once before the test files run: they spawn `dist/arcgis-portal.js` as a real process.
import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"

export default function setup() {
  execFileSync(process.execPath, [fileURLToPath(new URL("../scripts/bundle.mjs", import.meta.url))], {
    stdio: "inherit",
  })
}
