// Runs the demo (apps/demo) after building what it needs. The build is quiet: turbo's banner, telemetry notice and
// update notice are not shown; its output is printed only if the build fails.
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../", import.meta.url))
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1", DO_NOT_TRACK: "1" }
console.log("Building the SDK and the demo (turbo, cached after the first run)…")
const build = spawnSync(
  "turbo",
  ["run", "build", "--filter=@arcgis-portal/demo...", "--output-logs=errors-only", "--log-prefix=none"],
  { cwd: root, env, encoding: "utf8", shell: false },
)
if (build.status !== 0) {
  process.stdout.write(build.stdout ?? "")
  process.stderr.write(build.stderr ?? "")
  if (build.error) console.error(`The build could not start: ${build.error.message}`)
  process.exit(build.status ?? 1)
}
const demo = spawnSync("node", ["apps/demo/dist/main.js", ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: "inherit",
  shell: false,
})
process.exit(demo.status ?? 1)
