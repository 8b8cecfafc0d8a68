import { describe, expect, it } from "vitest"
import * as Progress from "../../src/internal/progress.ts"

describe("progress bar", () => {
  it("shows the fraction, the bytes and the rate", () => {
    const line = Progress.render(
      { label: "survey.zip", bytes: 5 * 1024 * 1024, total: 10 * 1024 * 1024, elapsedMillis: 2000 },
      100,
    )
    expect(line).toContain("survey.zip")
    expect(line).toContain("50%")
    expect(line).toContain("5.0 MiB / 10.0 MiB")
    expect(line).toContain("2.5 MiB/s")
    expect(line).toMatch(/\[#+-+\]/)
    expect(line.length).toBeLessThanOrEqual(100)
  })

  it("without a known total shows only the bytes so far", () => {
    const line = Progress.render({ label: "download", bytes: 2048, total: undefined, elapsedMillis: 1000 }, 80)
    expect(line).toBe("download  2.0 KiB    2.0 KiB/s")
  })

  it("redraws in place at most every 100 ms, always at 100%, and clears its line when finished", () => {
    const written: Array<string> = []
    let now = 0
    const bar = Progress.onTerminal({ write: (text) => written.push(text), columns: 80 }, "file", 100, () => now)
    bar.update(10)
    now = 50
    bar.update(20)
    now = 120
    bar.update(30)
    now = 130
    bar.update(100)
    bar.finish()
    bar.update(100)
    expect(written).toHaveLength(4)
    expect(written[0]).toContain(" 10%")
    expect(written[1]).toContain(" 30%")
    expect(written[2]).toContain("100%")
    expect(written.every((text) => text.startsWith("\r\u001b[2K"))).toBe(true)
    expect(written[3]).toBe("\r\u001b[2K")
  })
})
