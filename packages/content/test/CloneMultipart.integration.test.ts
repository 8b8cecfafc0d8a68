// Cloning a file through the multipart flow (larger than `multipartThreshold`), stopped at every request the target
// is sent — each answer lost after the portal applied it, so the run cannot tell — then run again: one clone, every
// byte, no marker left, whatever the request. And a source that fails mid-stream fails the step with its own error.
import { Portal, PortalError } from "@arcgis-portal/core"
import { SignIn } from "@arcgis-portal/core/testing"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Clone } from "../src/index.ts"

type Json = Record<string, any>

const call = async (url: string, params: Record<string, string | Blob> = {}, token?: string): Promise<Json> => {
  const hasFile = Object.values(params).some((value) => value instanceof Blob)
  const body = hasFile ? new FormData() : new URLSearchParams()
  const all: Record<string, string | Blob> = { ...params, f: "json", ...(token ? { token } : {}) }
  for (const [name, value] of Object.entries(all)) {
    if (typeof value === "string") body.set(name, value)
    else (body as FormData).set(name, value, value instanceof File ? value.name : "file")
  }
  const answer = (await (await fetch(url, { method: "POST", body })).json()) as Json
  if (answer.error) throw new Error(`${url}: ${JSON.stringify(answer.error)}`)
  return answer
}
const tokenFor = async (emulator: EmulatorHandle, account: { username: string; password: string }) =>
  (await call(`${emulator.restUrl}/generateToken`, { ...account, client: "requestip" })).token as string

const bytes = new Uint8Array(300_000).map((_, index) => (index * 7 + 3) % 251)
const retry = { times: 2, base: "2 millis", maxDelay: "10 millis" } as const

let source: EmulatorHandle
let sourceId = ""

beforeAll(async () => {
  source = await startEmulator({ jobMillis: 20 })
  const token = await tokenFor(source, source.accounts.publisher)
  const added = await call(
    `${source.restUrl}/content/users/${source.accounts.publisher.username}/addItem`,
    {
      title: "Survey points",
      type: "CSV",
      tags: "survey",
      file: new File([bytes], "points.csv", { type: "text/csv" }),
    },
    token,
  )
  sourceId = added.id as string
})
afterAll(async () => {
  await source.stop()
})

/**
 * A fetch that forwards every request to the target but, for the `lose`-th one (1-based; writes and reads alike),
 * throws after the portal has answered — the request applied, its answer lost, as a dropped connection leaves it.
 */
const losing = (target: string, lose: number, sent: { count: number }): typeof globalThis.fetch =>
  (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const answer = await globalThis.fetch(input, init)
    if (url.origin === new URL(target).origin) {
      sent.count += 1
      if (sent.count === lose) {
        await answer.arrayBuffer().catch(() => undefined)
        throw new TypeError("fetch failed", {
          cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
        })
      }
    }
    return answer
  }) as typeof globalThis.fetch

const cloneInto = (target: EmulatorHandle, fetch?: typeof globalThis.fetch, sourceFetch?: typeof globalThis.fetch) =>
  Clone.clone([sourceId], {
    source: Portal.layer({
      url: source.url,
      auth: SignIn.generateToken(source.accounts.publisher),
      retry,
      ...(sourceFetch ? { fetch: sourceFetch } : {}),
    }),
    multipartThreshold: 0,
  }).pipe(
    Effect.provide(
      Portal.layer({
        url: target.url,
        auth: SignIn.generateToken(target.accounts.publisher),
        retry: { ...retry, times: 0 },
        ...(fetch ? { fetch } : {}),
      }),
    ),
  )

/** The target user's items: every one, whatever its keywords (an orphan without the source keyword counts too). */
const itemsOf = async (target: EmulatorHandle, token: string) =>
  (await call(`${target.restUrl}/content/users/${target.accounts.publisher.username}`, { num: "100" }, token))
    .items as Array<Json>

describe("cloning a large file: stopped at any request, run again", () => {
  it("every request of the first run lost in turn: one clone, its bytes, no marker", async () => {
    // How many requests a clean run sends the target (the cases to generate).
    const counting = await startEmulator({ jobMillis: 20 })
    const sent = { count: 0 }
    try {
      const clean = await Effect.runPromise(cloneInto(counting, losing(counting.url, 0, sent)))
      expect(clean.created.map((outcome) => outcome.status)).toEqual(["created"])
    } finally {
      await counting.stop()
    }
    expect(sent.count).toBeGreaterThan(5)
    for (let lose = 1; lose <= sent.count; lose++) {
      const target = await startEmulator({ jobMillis: 20 })
      try {
        const token = await tokenFor(target, target.accounts.publisher)
        const before = new Set((await itemsOf(target, token)).map((item) => item.id as string))
        // The first run ends however that loss makes it end (a failed step, a failed run): only the second is judged.
        await Effect.runPromise(Effect.exit(cloneInto(target, losing(target.url, lose, { count: 0 }))))
        const again = await Effect.runPromise(cloneInto(target))
        expect(again.failed, `request ${lose} lost`).toEqual([])
        const items = (await itemsOf(target, token)).filter((item) => !before.has(item.id as string))
        if (items.length !== 1)
          console.log(
            "DEBUGLOST",
            lose,
            JSON.stringify(
              target
                .requestLog()
                .map(
                  (entry) =>
                    `${entry.method} ${entry.path.replace("/portal/sharing/rest/", "")} ${entry.errorCode ?? ""}`,
                ),
            ),
          )
        expect(items.length, `request ${lose} lost: ${JSON.stringify(items.map((item) => item.typeKeywords))}`).toBe(1)
        const [clone] = items as [Json]
        expect(clone.typeKeywords).toContain(`source-${sourceId}`)
        expect(clone.typeKeywords).not.toContain("clone-in-progress")
        const data = await fetch(`${target.restUrl}/content/items/${clone.id}/data?token=${encodeURIComponent(token)}`)
        expect(new Uint8Array(await data.arrayBuffer()), `request ${lose} lost`).toEqual(bytes)
      } finally {
        await target.stop()
      }
    }
  }, 240_000)

  it("a source that fails mid-stream fails the step with the source's own error, and a re-run finishes the clone", async () => {
    const target = await startEmulator({ jobMillis: 20 })
    try {
      // The source's data answer is cut after its first bytes: a network failure of the source, not of the target.
      const cutting = (async (input: RequestInfo | URL, init?: RequestInit) => {
        const answer = await globalThis.fetch(input, init)
        const url = new URL(input instanceof Request ? input.url : String(input))
        if (!url.pathname.endsWith(`/items/${sourceId}/data`) || answer.body === null) return answer
        const reader = answer.body.getReader()
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const read = await reader.read()
            if (read.done) return controller.close()
            controller.enqueue(read.value.subarray(0, 10))
            controller.error(Object.assign(new TypeError("terminated"), { cause: { code: "ECONNRESET" } }))
          },
        })
        return new Response(body, { status: answer.status, headers: answer.headers })
      }) as typeof globalThis.fetch
      const first = await Effect.runPromise(cloneInto(target, undefined, cutting))
      expect(first.failed).toHaveLength(1)
      const failure = first.failed[0]!.error
      expect(failure).not.toBeInstanceOf(PortalError.InvalidInput)
      expect(failure._tag).toBe("TransportError")
      // The clone the first run made (its upload never committed, so the search does not show it) is the one finished.
      const madeFirst = first.failed[0]!.targetId
      const again = await Effect.runPromise(cloneInto(target))
      expect(again.failed).toEqual([])
      const token = await tokenFor(target, target.accounts.publisher)
      const clones = (await itemsOf(target, token)).filter((item) =>
        (item.typeKeywords as Array<string>).includes(`source-${sourceId}`),
      )
      expect(clones.map((item) => item.id)).toEqual([madeFirst ?? clones[0]?.id])
      const [clone] = clones as [Json]
      expect(clone.typeKeywords).not.toContain("clone-in-progress")
      const data = await fetch(`${target.restUrl}/content/items/${clone.id}/data?token=${encodeURIComponent(token)}`)
      expect(new Uint8Array(await data.arrayBuffer())).toEqual(bytes)
    } finally {
      await target.stop()
    }
  })
})
