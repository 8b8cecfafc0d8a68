// Runs the benchmarks in tooling/bench (not part of `pnpm test`). `pnpm bench -- reliability` runs the full-size
// reliability campaign instead (tooling/reliability: 1,000 items under 10% faults, then a 10,000-result listing
// whose token expires mid-stream); it may be combined with benchmark ids (`pnpm bench -- b3 reliability`).
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../", import.meta.url))
const args = process.argv.slice(2).filter((arg) => arg !== "--")
const reliability = args.includes("reliability")
const benchArgs = args.filter((arg) => arg !== "reliability")
const run = (command, commandArgs) => spawnSync(command, commandArgs, { cwd: root, stdio: "inherit" }).status ?? 1

let status = 0
if (!reliability || benchArgs.some((arg) => /^b[1-9]$/i.test(arg))) {
  if (!existsSync(`${root}tooling/bench/package.json`)) {
    console.log("no benchmarks yet: tooling/bench arrives with the benchmarks issue.")
  } else {
    status = run("turbo", ["run", "bench", "--filter=@arcgis-portal/bench", "--", ...benchArgs])
  }
}
if (reliability) {
  const built = run("turbo", ["run", "build", "--filter=@arcgis-portal/reliability..."])
  status ||= built
  if (built === 0)
    status ||= run(process.execPath, ["tooling/reliability/dist/cli.js", "--items", "1000", "--listing", "10000"])
}
process.exit(status)
