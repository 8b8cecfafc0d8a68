// `node src/main.ts build` (the root `pnpm api-docs`): the HTML reference in docs/api/, then the check's report.
// `node src/main.ts check [--all]`: the check alone (what `pnpm test` runs); `--all` lists every problem of the
// packages in config.notYetChecked too. Both exit 1 when a checked package has a problem.
import path from "node:path"
import { formatReport, runCheck } from "./check.ts"
import { config } from "./config.ts"
import { repositoryRoot, repositoryTypedocOptions } from "./options.ts"
import { publicPackages } from "./packages.ts"
import { convertReference } from "./reference.ts"

const [command = "build", ...flags] = process.argv.slice(2)
const started = Date.now()

if (command === "build") {
  const reference = await convertReference(repositoryTypedocOptions(publicPackages(repositoryRoot)))
  const out = path.join(repositoryRoot, config.outputDir)
  await reference.app.generateDocs(reference.project, out)
  const result = await runCheck({ reference })
  console.log(
    `API reference of ${result.packages.flatMap((pkg) => pkg.entries).length} entry points written to ` +
      `${path.relative(process.cwd(), path.join(out, "index.html"))} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  )
  console.log(formatReport(result, { listNotYetChecked: flags.includes("--all") }))
  process.exitCode = result.failing.length === 0 ? 0 : 1
} else if (command === "check") {
  const result = await runCheck()
  console.log(formatReport(result, { listNotYetChecked: flags.includes("--all") }))
  console.log(`(${(result.elapsedMs / 1000).toFixed(1)} s)`)
  process.exitCode = result.failing.length === 0 ? 0 : 1
} else {
  console.error(`unknown command ${command}: use build or check [--all]`)
  process.exitCode = 2
}
