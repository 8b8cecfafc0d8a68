/**
 * The suite-wide secret scan (config/vitest/secret-scan.js, a setup file of every SDK package's tests) fails a
 * test file that logs a secret it saw on the wire, or POSTs one in a URL query, and its report never shows it.
 */
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const cwd = fileURLToPath(new URL("..", import.meta.url))
const vitest = fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url))

const runFixture = (mode: string) => {
  const result = spawnSync(process.execPath, [vitest, "run", "--config", "test/fixtures/leak/vitest.config.ts"], {
    cwd,
    env: { ...process.env, LEAK_MODE: mode, NO_COLOR: "1", FORCE_COLOR: "0" },
    encoding: "utf8",
    timeout: 60_000,
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

describe("suite-wide secret scan", () => {
  it("passes a file that keeps its secrets", () => {
    const { status, output } = runFixture("none")
    expect(output).not.toContain("secret scan:")
    expect(status).toBe(0)
  })

  it("fails a file that logs a token it was handed, without repeating the token", () => {
    const { status, output } = runFixture("log")
    expect(status).not.toBe(0)
    expect(output).toContain("secret scan: 1 leak(s)")
    const logged = output.split("\n").find((line) => line.startsWith("signed in with "))
    const token = logged?.slice("signed in with ".length).trim() ?? ""
    expect(token.length).toBeGreaterThan(8)
    expect(output.split(token).length - 1).toBe(1) // only the fixture's own log line
  })

  it("fails a file that POSTs a token in a URL query", () => {
    const { status, output } = runFixture("query")
    expect(status).not.toBe(0)
    expect(output).toContain("POST /portal/sharing/rest/community/self carries 'token' in its query")
  })
})
