import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"

// Timer clocks are millisecond-grained: a timer may fire a little before a clock read just before it was set.
const timerSlack = 5

let emulator: EmulatorHandle

beforeAll(async () => {
  emulator = await startEmulator({ seed: false, latencyMs: 200 })
})
afterAll(async () => {
  await emulator.stop()
})

/** GETs the REST root; resolves with the milliseconds it took. */
const timed = async () => {
  const started = performance.now()
  const response = await fetch(`${emulator.restUrl}?f=json`)
  expect(((await response.json()) as { currentVersion?: unknown }).currentVersion).toBeDefined()
  return performance.now() - started
}

describe("latencyMs", () => {
  it("no answer comes before the latency has passed, also for requests sent together", async () => {
    expect(await timed()).toBeGreaterThanOrEqual(200 - timerSlack)
    for (const elapsed of await Promise.all([timed(), timed(), timed(), timed()]))
      expect(elapsed).toBeGreaterThanOrEqual(200 - timerSlack)
  })

  it("waits on a timer: a request without latency is answered while another one waits", async () => {
    emulator.setLatency(1_000)
    let slowDone = false
    const slow = timed().then((elapsed) => {
      slowDone = true
      return elapsed
    })
    // Let the slow request reach the emulator before its latency changes.
    await new Promise((resolve) => setTimeout(resolve, 100))
    emulator.setLatency(0)
    await timed()
    expect(slowDone).toBe(false)
    expect(await slow).toBeGreaterThanOrEqual(1_000 - timerSlack)
    emulator.setLatency(200)
  })

  it("refuses a negative or non-finite latency", async () => {
    expect(() => emulator.setLatency(-1)).toThrow(RangeError)
    expect(() => emulator.setLatency(Number.NaN)).toThrow(RangeError)
    await expect(startEmulator({ seed: false, latencyMs: -5 })).rejects.toThrow(RangeError)
  })

  it("stopping while requests wait answers them without touching the closed database", async () => {
    const errors = vi.spyOn(console, "error")
    const other = await startEmulator({ seed: false, latencyMs: 300 })
    const waiting = fetch(`${other.restUrl}/portals/self?f=json`).then(
      (response) => response.status,
      () => "closed",
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    await other.stop()
    expect(["closed", 503]).toContain(await waiting)
    // The handler wakes up after the stop: it must not run against the closed database.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(errors).not.toHaveBeenCalled()
    errors.mockRestore()
  })
})
