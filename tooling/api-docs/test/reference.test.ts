// The check of `pnpm test` on the repository itself: every public export of every checked package documented, every
// `{@link}` resolved, every type a public signature uses exported, every `@see` URL an https link to an allowed host
// and every relative link in the markdown pointing at a file that exists.
import { describe, expect, it } from "vitest"
import { formatFinding, formatReport, runCheck } from "../src/check.ts"

// TypeScript and TypeDoc over every package: ~40 s of one CPU alone, several minutes beside the whole suite on two
// busy cores.
const checkTimeout = 600_000

describe("the API reference", () => {
  it(
    "has no undocumented export, broken link or bad @see URL in the checked packages",
    async () => {
      const result = await runCheck()
      console.info(`${formatReport(result)}\n(${(result.elapsedMs / 1000).toFixed(1)} s)`)
      expect(
        result.failing.map(formatFinding),
        "Fix each problem where it points (a doc comment, a link, an export), or, for a package whose docs are still " +
          "being written, list it in notYetChecked in tooling/api-docs/src/config.ts. " +
          "`node tooling/api-docs/src/main.ts check --all` prints the list.",
      ).toEqual([])
    },
    checkTimeout,
  )
})
