/**
 * How a multipart body is sent: a large one without following redirects (Node's fetch would keep a
 * copy of the whole body to resend it), a small one following them as before.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { unredirectedBodySize } from "../src/internal/http.ts"
import * as Portal from "../src/Portal.ts"
import { none } from "../src/RetryPolicy.ts"
import * as Transport from "../src/Transport.ts"

let server: Server
let url = ""
const received: Array<{ path: string; bytes: number }> = []

beforeAll(async () => {
  // `/sharing/rest/moved` answers 307 (resend the same request elsewhere); `/sharing/rest/here` answers.
  server = createServer((request, response) => {
    let bytes = 0
    request.on("data", (chunk: Buffer) => {
      bytes += chunk.byteLength
    })
    request.on("end", () => {
      received.push({ path: request.url ?? "", bytes })
      if (request.url?.startsWith("/sharing/rest/moved")) {
        response.writeHead(307, { location: "/sharing/rest/here" }).end()
      } else {
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ success: true }))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

/** What fetch was given: ky hands it a Request, whose `redirect` mode and content type are what went out. */
interface Sent {
  readonly redirect: RequestRedirect
  readonly multipart: boolean
}

const upload = (bytes: number, recorded: Array<Sent>, retry: Portal.Options["retry"] = none) =>
  Effect.flatMap(Transport.Transport, (transport) =>
    transport.json({
      operation: "Test.addPart",
      method: "POST",
      path: "moved",
      files: { file: { content: new Blob([new Uint8Array(bytes)]), fileName: "part.bin" } },
    }),
  ).pipe(
    Effect.provide(
      Portal.layer({
        url,
        retry,
        fetch: (input, init) => {
          const request = input instanceof Request ? input : new Request(input, init)
          recorded.push({
            redirect: init?.redirect ?? request.redirect,
            multipart: (request.headers.get("content-type") ?? "").startsWith("multipart/form-data; boundary="),
          })
          return globalThis.fetch(input, init)
        },
      }),
    ),
  )

describe("multipart body", () => {
  it.live("a body of 1 MiB or more is sent whole, with redirect: error — a redirect fails it, not followed", () =>
    Effect.gen(function* () {
      received.length = 0
      const recorded: Array<Sent> = []
      const error = yield* Effect.flip(upload(unredirectedBodySize, recorded))
      expect(recorded.map((sent) => [sent.redirect, sent.multipart])).toEqual([["error", true]])
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Redirect", reachedServer: true })
      expect(error._tag === "TransportError" && error.retryable).toBe(false)
      expect(error.message).toMatch(/redirect.*final URL/)
      expect(received).toHaveLength(1)
      expect(received[0]?.path).toBe("/sharing/rest/moved")
      expect(received[0]?.bytes).toBeGreaterThan(unredirectedBodySize)
    }),
  )

  it.live("the redirect refusal is not retried, even under a retry policy (it would be redirected again)", () =>
    Effect.gen(function* () {
      received.length = 0
      const recorded: Array<Sent> = []
      yield* Effect.flip(upload(unredirectedBodySize, recorded, { times: 3, base: 1, maxDelay: 5 }))
      expect(recorded).toHaveLength(1)
      expect(received).toHaveLength(1)
    }),
  )

  it.live("a smaller body follows a same-origin redirect (by hand, re-sending the body)", () =>
    Effect.gen(function* () {
      received.length = 0
      const recorded: Array<Sent> = []
      expect(yield* upload(unredirectedBodySize - 1_024, recorded)).toEqual({ success: true })
      expect(recorded.map((sent) => sent.redirect)).toEqual(["manual", "manual"])
      expect(received.map((entry) => entry.path)).toEqual(["/sharing/rest/moved", "/sharing/rest/here"])
      expect(received[1]?.bytes).toBe(received[0]?.bytes)
    }),
  )
})
