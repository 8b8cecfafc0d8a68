import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { PortalError, TransportError } from "../src/PortalError.ts"
import type { PortalRequest } from "../src/PortalRequest.ts"
import * as RetryPolicy from "../src/RetryPolicy.ts"
import * as Transport from "../src/Transport.ts"
import * as ScriptedFetch from "../src/testing/ScriptedFetch.ts"
import { layerFor } from "./helpers.ts"

const read: PortalRequest = { operation: "Test.read", method: "GET", path: "content/items/x" }
const write: PortalRequest = {
  operation: "Test.write",
  method: "POST",
  path: "content/users/u/addItem",
  params: { title: "t" },
}
const ok = { json: { success: true } }

/** Fails the first `failures` requests with `reply`, then succeeds. */
const flaky = (reply: ScriptedFetch.Reply, failures = 1) =>
  ScriptedFetch.make((_, index) => (index < failures ? reply : ok))

const send = (scripted: ScriptedFetch.ScriptedFetch, request: PortalRequest) =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    return yield* transport.json(request)
  }).pipe(Effect.provide(layerFor(scripted)), Effect.result)

const envelope = (code: number) => ({ json: { error: { code, message: `code ${code}`, details: [] } } })

describe("retry rule", () => {
  it.live.each<[string, ScriptedFetch.Reply]>([
    ["a dropped connection", "reset"],
    ["a refused connection", "refused"],
    ["HTTP 502", { status: 502, body: "bad gateway" }],
    ["HTTP 504", { status: 504, body: "gateway timeout" }],
    ["an HTTP 500 page", { status: 500, body: "oops" }],
    ["a 429 envelope", envelope(429)],
    ["a 503 envelope", envelope(503)],
  ])("a read is retried after %s", ([, reply]) =>
    Effect.gen(function* () {
      const scripted = flaky(reply)
      const result = yield* send(scripted, read)
      expect(result._tag).toBe("Success")
      expect(scripted.requests).toHaveLength(2)
    }),
  )

  it.live("a read is retried after a timeout", () =>
    Effect.gen(function* () {
      const scripted = flaky("hang")
      const result = yield* send(scripted, { ...read, timeout: 20 })
      expect(result._tag).toBe("Success")
      expect(scripted.requests).toHaveLength(2)
    }),
  )

  it.live.each<[string, ScriptedFetch.Reply]>([
    ["the connection was refused (it never reached the server)", "refused"],
    ["the portal said 429", envelope(429)],
    ["the portal said 503 (envelope)", envelope(503)],
    ["the portal said HTTP 503", { status: 503, body: "unavailable" }],
    ["the portal said HTTP 429", { status: 429, body: "slow down", headers: { "retry-after": "0" } }],
  ])("a write is retried when %s", ([, reply]) =>
    Effect.gen(function* () {
      const scripted = flaky(reply)
      const result = yield* send(scripted, write)
      expect(result._tag).toBe("Success")
      expect(scripted.requests).toHaveLength(2)
    }),
  )

  it.live.each<[string, ScriptedFetch.Reply, string]>([
    ["the connection dropped mid-flight", "reset", "TransportError"],
    ["HTTP 502", { status: 502, body: "bad gateway" }, "TransportError"],
    ["HTTP 504", { status: 504, body: "gateway timeout" }, "TransportError"],
    ["HTTP 500", { status: 500, body: "oops" }, "TransportError"],
    ["a 500 envelope", envelope(500), "PortalError"],
  ])("a write is NOT retried when %s", ([, reply, tag]) =>
    Effect.gen(function* () {
      const scripted = flaky(reply)
      const result = yield* send(scripted, write)
      expect(result._tag).toBe("Failure")
      if (result._tag === "Failure") expect(result.failure._tag).toBe(tag)
      expect(scripted.requests).toHaveLength(1)
    }),
  )

  it.live("a write is NOT retried after a timeout: the portal may have committed it", () =>
    Effect.gen(function* () {
      const scripted = flaky("hang")
      const result = yield* send(scripted, { ...write, timeout: 20 })
      expect(result._tag === "Failure" && result.failure._tag === "TransportError" && result.failure.reason).toBe(
        "Timeout",
      )
      expect(scripted.requests).toHaveLength(1)
    }),
  )

  it.live("a POST marked idempotent is retried like a read", () =>
    Effect.gen(function* () {
      const scripted = flaky("reset")
      const result = yield* send(scripted, { ...write, idempotent: true })
      expect(result._tag).toBe("Success")
      expect(scripted.requests).toHaveLength(2)
    }),
  )

  it.live("gives up after `times` retries with the last error", () =>
    Effect.gen(function* () {
      const scripted = flaky("reset", 100)
      const result = yield* send(scripted, read)
      expect(result._tag === "Failure" && result.failure._tag).toBe("TransportError")
      expect(scripted.requests).toHaveLength(4)
    }),
  )

  it.live("client errors (400) are never retried", () =>
    Effect.gen(function* () {
      const scripted = flaky(envelope(400))
      const result = yield* send(scripted, read)
      expect(result._tag).toBe("Failure")
      expect(scripted.requests).toHaveLength(1)
    }),
  )
})

describe("retry delays", () => {
  const info = { method: "GET" as const, path: "/x" }
  const rateLimited = (retryAfter: number | undefined) =>
    new PortalError({
      reason: "RateLimited",
      code: 429,
      messageCode: "CONT_0049",
      message: "Rate limit exceeded.",
      details: [],
      operation: "x",
      request: info,
      retryAfter,
    })
  const network = new TransportError({
    reason: "Network",
    operation: "x",
    request: info,
    message: "m",
    status: undefined,
    reachedServer: true,
  })

  it.effect("grow exponentially, with jitter within [half, full] of the step", () =>
    Effect.gen(function* () {
      const policy = { times: 5, base: 100, maxDelay: 60_000 }
      for (const attempt of [0, 1, 2, 3]) {
        const delay = Duration.toMillis(yield* RetryPolicy.delayFor(policy, network, attempt))
        const step = 100 * 2 ** attempt
        expect(delay).toBeGreaterThanOrEqual(step / 2)
        expect(delay).toBeLessThanOrEqual(step)
      }
    }),
  )

  it.effect("honour Retry-After, capped by maxDelay", () =>
    Effect.gen(function* () {
      const policy = { times: 5, base: 10, maxDelay: 5_000 }
      expect(Duration.toMillis(yield* RetryPolicy.delayFor(policy, rateLimited(2), 0))).toBe(2_000)
      expect(Duration.toMillis(yield* RetryPolicy.delayFor(policy, rateLimited(3600), 0))).toBe(5_000)
    }),
  )

  it.live("a 429 with Retry-After waits at least that long before the retry", () =>
    Effect.gen(function* () {
      const times: Array<number> = []
      const scripted = ScriptedFetch.make((_, index) => {
        times.push(Date.now())
        return index === 0 ? { ...envelope(429), headers: { "retry-after": "0.2" } } : ok
      })
      const result = yield* Effect.gen(function* () {
        const transport = yield* Transport.Transport
        return yield* transport.json(write)
      }).pipe(
        Effect.provide(layerFor(scripted, undefined, { retry: { times: 2, base: 1, maxDelay: 5_000 } })),
        Effect.result,
      )
      expect(result._tag).toBe("Success")
      expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(190)
    }),
  )

  it("RetryPolicy.none disables retries", () => {
    expect(RetryPolicy.none.times).toBe(0)
  })
})
