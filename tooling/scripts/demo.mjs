// Runs the demo (apps/demo) after building what it needs. Until the demo app exists it says so and exits 0.
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../", import.meta.url))
if (!existsSync(`${root}apps/demo/package.json`)) {
  console.log("demo not built yet: apps/demo arrives with the emulator (issue 3). Nothing to run.")
  process.exit(0)
}
const run = (args) => spawnSync(args[0], args.slice(1), { cwd: root, stdio: "inherit", shell: false })
const build = run(["turbo", "run", "build", "--filter=@arcgis-portal/demo...", "--output-logs=errors-only"])
if (build.status !== 0) process.exit(build.status ?? 1)
const demo = run(["node", "apps/demo/dist/main.js", ...process.argv.slice(2)])
process.exit(demo.status ?? 1)
