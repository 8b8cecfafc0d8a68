/** Many fibers on an expired token: one token request, one server exchange; a failed acquisition fails all alike. */
import { Content } from "@arcgis-portal/content"
import { Portal } from "@arcgis-portal/core"
import { Datastores } from "@arcgis-portal/datastores"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { runExpiringListing } from "../src/listing.ts"
import { count, publisher, signIn } from "./helpers.ts"

let emulator: EmulatorHandle
beforeAll(async () => {
  // Tokens of 6 s: long enough that the 64 requests after a renewal finish before the new token nears its end even
  // with the whole suite and two busy loops on the CPUs (2 s tokens renewed twice there), short enough to expire.
  emulator = await startEmulator({ tokenTtlSeconds: 6 })
})
afterAll(async () => {
  await emulator.stop()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe("token storms", () => {
  it("64 concurrent calls on an expired builtInUser token → exactly 1 generateToken", async () => {
    const runtime = ManagedRuntime.make(
      Content.layer.pipe(Layer.provideMerge(Portal.layer({ url: emulator.url, auth: publisher(emulator) }))),
    )
    try {
      await runtime.runPromise(
        Effect.flatMap(Content.Content, (content) => content.search("owner:publisher_one", { maxItems: 1 })),
      )
      await sleep(6_200) // the 6-second token has expired
      const before = count(emulator, "/generateToken")
      const results = await runtime.runPromise(
        Effect.forEach(
          Array.from({ length: 64 }, (_, index) => index),
          () =>
            Effect.flatMap(Content.Content, (content) =>
              content.search("owner:publisher_one", { maxItems: 1, outsideOrg: true }),
            ),
          { concurrency: "unbounded" },
        ),
      )
      expect(results).toHaveLength(64)
      expect(count(emulator, "/generateToken") - before).toBe(1)
    } finally {
      await runtime.dispose()
    }
  })

  it("a failed acquisition fails all 64 with the same typed error, one request, no retry loop", async () => {
    const runtime = ManagedRuntime.make(
      Content.layer.pipe(Layer.provideMerge(Portal.layer({ url: emulator.url, auth: publisher(emulator, "wrong") }))),
    )
    try {
      const before = count(emulator, "/generateToken")
      const results = await runtime.runPromise(
        Effect.forEach(
          Array.from({ length: 64 }, (_, index) => index),
          () =>
            Effect.flip(
              Effect.flatMap(Content.Content, (content) => content.search("owner:publisher_one", { outsideOrg: true })),
            ),
          { concurrency: "unbounded" },
        ),
      )
      expect(new Set(results.map((error) => `${error._tag}/${"reason" in error ? error.reason : ""}`))).toEqual(
        new Set(["AuthError/AcquisitionFailed"]),
      )
      await sleep(200)
      expect(count(emulator, "/generateToken") - before).toBe(1)
    } finally {
      await runtime.dispose()
    }
  })

  it("64 concurrent datastores calls on the federated server → 1 portal token, 1 server-token exchange", async () => {
    const admin = ManagedRuntime.make(
      Datastores.layer().pipe(
        Layer.provideMerge(Portal.layer({ url: emulator.url, auth: signIn(emulator, emulator.accounts.admin) })),
      ),
    )
    try {
      const before = count(emulator, "/generateToken")
      const results = await admin.runPromise(
        Effect.forEach(
          Array.from({ length: 64 }, (_, index) => index),
          () => Effect.flatMap(Datastores.Datastores, (datastores) => datastores.search()),
          { concurrency: "unbounded" },
        ),
      )
      expect(results).toHaveLength(64)
      expect(count(emulator, "/generateToken") - before).toBe(2)
    } finally {
      await admin.dispose()
    }
  })

  it("a token expiring mid-stream of a paged listing (parallel prefetch): complete, in order, no duplicates", async () => {
    // The same run as `pnpm bench -- reliability` (10,000 results), at 1,000 results in pages of 25, each page held
    // back 600 ms so that the listing (40 pages, 4 in flight: ≥ 6 s) outlives its 4-second token, while one page
    // with its renewal fits well inside a token's life even on busy CPUs.
    const result = await runExpiringListing({ items: 1_000, pageSize: 25, pageDelayMs: 600, tokenTtlSeconds: 4 })
    expect(result.listed).toBe(1_000)
    expect(result.distinct).toBe(1_000)
    expect(result.inOrder).toBe(true)
    // The listing outlived its token: the session renewed it mid-stream.
    expect(result.renewals).toBeGreaterThanOrEqual(1)
  })
})
