/**
 * The upload pacer alone (internal/throughput.ts): what comes out is what went in, and a fast source is held back by
 * backpressure — the pacer never takes more than a few pieces ahead of what it has released.
 */
import { Readable, Writable } from "node:stream"
import { pipeline } from "node:stream/promises"
import { describe, expect, it } from "vitest"
import { pacer } from "../src/internal/throughput.ts"

const KiB = 1024
const MiB = 1024 * KiB

describe("pacer", () => {
  it("passes every byte in order and holds a fast source back instead of buffering it", async () => {
    const rate = 16 * MiB
    const size = 4 * MiB
    let produced = 0
    let released = 0
    let maxAhead = 0
    let counter = 0
    // A source that makes bytes only when asked (as a socket delivers them only when read).
    const source = new Readable({
      read() {
        if (produced >= size) {
          this.push(null)
          return
        }
        const chunk = Buffer.alloc(Math.min(16 * KiB, size - produced))
        for (let index = 0; index < chunk.length; index++) chunk[index] = counter++ % 251
        produced += chunk.length
        this.push(chunk)
      },
    })
    let expected = 0
    let intact = true
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const byte of chunk) if (byte !== expected++ % 251) intact = false
        released += chunk.length
        maxAhead = Math.max(maxAhead, produced - released)
        callback()
      },
    })
    const started = performance.now()
    await pipeline(source, pacer(rate), sink)
    expect(released).toBe(size)
    expect(intact).toBe(true)
    expect(performance.now() - started).toBeGreaterThanOrEqual((size / rate) * 1000 - 5)
    // The stream buffers on both sides of the pacer (their high-water marks) and the piece it holds: well under a
    // MiB, against the 4 MiB the source could have pushed at once.
    expect(maxAhead).toBeLessThanOrEqual(512 * KiB)
  })

  it("a destroyed pacer stops its timer (a dropped connection leaves nothing scheduled)", async () => {
    const paced = pacer(1 * KiB)
    paced.write(Buffer.alloc(64 * KiB))
    paced.destroy()
    await new Promise((resolve) => paced.once("close", resolve))
    expect(paced.destroyed).toBe(true)
  })
})
