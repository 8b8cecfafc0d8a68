import { describe, expect, it } from "vitest"
import { bar, indented, jobProgress, progressLine, type Redraw, terminalRedraw } from "../src/Progress.ts"

describe("progress lines", () => {
  it("into a pipe: one plain line per change, never the same text twice (the final state once)", () => {
    const lines: Array<string> = []
    const show = progressLine((line) => lines.push(line), undefined)
    for (const [done, total] of [
      [0, 6],
      [3, 6],
      [2.99, 6],
      [6, 6],
      [6, 6],
    ] as const)
      show(bar(done, total))
    show(bar(1, 1), true)
    expect(lines).toEqual([bar(0, 6), bar(3, 6), bar(6, 6)])
    expect(lines.filter((line) => line.endsWith("100%"))).toHaveLength(1)
  })

  it("on a terminal: every change redraws the line in place and only the final state ends it", () => {
    const calls: Array<[string, boolean]> = []
    const redraw: Redraw = (line, final) => calls.push([line, final])
    const logged: Array<string> = []
    const show = progressLine((line) => logged.push(line), indented(redraw, "  "))
    show("a")
    show("a")
    show("b")
    show("b", true)
    expect(logged).toEqual([])
    expect(calls).toEqual([
      ["  a", false],
      ["  b", false],
      ["  b", true],
    ])
  })

  it("terminalRedraw writes carriage return + erase line on a TTY, and is absent otherwise", () => {
    const written: Array<string> = []
    const tty = terminalRedraw({ isTTY: true, write: (text) => written.push(text) })
    tty?.("[##] 50%", false)
    tty?.("[####] 100%", true)
    expect(written).toEqual(["\r\x1b[2K[##] 50%", "\r\x1b[2K[####] 100%\n"])
    expect(terminalRedraw({ isTTY: false, write: () => true })).toBeUndefined()
    expect(terminalRedraw({ write: () => true })).toBeUndefined()
  })

  it("a job bar creeps while processing and fills once at completion", () => {
    const calls: Array<[string, boolean]> = []
    const report = jobProgress(
      "job",
      () => undefined,
      (line, final) => calls.push([line, final]),
    )
    report({ status: "processing" })
    report({ status: "processing" })
    report({ status: "completed" })
    expect(calls.map(([, final]) => final)).toEqual([false, false, true])
    expect(calls[2]?.[0]).toMatch(/^job: completed \[#{30}\] 100% in \d+\.\ds$/)
  })
})
