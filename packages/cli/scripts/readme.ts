// Writes the command reference into README.md, generated from the command definitions (src/internal/docs.ts).
// Usage (from packages/cli): node scripts/readme.ts — `test/readme.test.ts` fails when README.md is out of date.
import { readFileSync, writeFileSync } from "node:fs"
import { command } from "../src/Cli.ts"
import { reference, splice } from "../src/internal/docs.ts"

const path = new URL("../README.md", import.meta.url)
const current = readFileSync(path, "utf8")
const next = splice(current, reference(command))
if (next === current) console.log("README.md is up to date")
else {
  writeFileSync(path, next)
  console.log("README.md: command reference written")
}
