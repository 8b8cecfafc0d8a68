/**
 * `onRequest` against the emulator, through the connection's own network (no `fetch` option): every credential kind
 * the emulator issues — a built-in user, a token, an API key, an OAuth app — and a portal that refuses connections.
 * The events carry the method, origin, path and status of each exchange, and none of the connection's secrets.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { clientCredentials } from "@arcgis-portal/auth-oauth"
import { RetryPolicy } from "@arcgis-portal/core"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import * as Redacted from "effect/Redacted"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { GIS as ContentGIS } from "../src/content/index.ts"
import { GIS, type RequestEvent, TransportError } from "../src/index.ts"

let emulator: EmulatorHandle
let token: string

beforeAll(async () => {
  emulator = await startEmulator()
  const { username, password } = emulator.accounts.publisher
  const answer = await fetch(`${emulator.restUrl}/generateToken`, {
    method: "POST",
    body: new URLSearchParams({ username, password, client: "referer", referer: "hook-test", f: "json" }),
  })
  token = ((await answer.json()) as { readonly token: string }).token
}, 120_000)

afterAll(async () => {
  await emulator?.stop()
})

interface Case {
  readonly name: string
  /** The secrets this connection holds. */
  readonly secrets: () => ReadonlyArray<string>
  /** The token requests its sign-in sends. */
  readonly tokenRequests: ReadonlyArray<string>
  readonly connect: (
    onRequest: (event: RequestEvent) => void,
  ) => Promise<{ readonly content: GIS["content"] | ContentGIS["content"]; readonly close: () => Promise<void> }>
}

const cases: ReadonlyArray<Case> = [
  {
    name: "username/password",
    secrets: () => [emulator.accounts.publisher.password],
    tokenRequests: ["generateToken"],
    connect: (onRequest) =>
      GIS.connect({
        url: emulator.url,
        username: emulator.accounts.publisher.username,
        password: emulator.accounts.publisher.password,
        onRequest,
      }),
  },
  {
    name: "token",
    secrets: () => [token],
    tokenRequests: [],
    connect: (onRequest) => GIS.connect({ url: emulator.url, token, onRequest }),
  },
  {
    name: "API key (content entry)",
    secrets: () => [emulator.apiKey],
    tokenRequests: [],
    connect: (onRequest) => ContentGIS.connect({ url: emulator.url, apiKey: emulator.apiKey, onRequest }),
  },
  {
    name: "OAuth app (client credentials, as auth)",
    secrets: () => [emulator.app.clientSecret],
    tokenRequests: ["oauth2/token"],
    connect: (onRequest) =>
      GIS.connect({
        url: emulator.url,
        auth: clientCredentials({
          clientId: emulator.app.clientId,
          clientSecret: Redacted.make(emulator.app.clientSecret),
        }),
        onRequest,
      }),
  },
  {
    name: "anonymous",
    secrets: () => [],
    tokenRequests: [],
    connect: (onRequest) => GIS.connect({ url: emulator.url, onRequest }),
  },
]

describe.each(cases)("onRequest with $name, against the emulator", ({ connect, secrets, tokenRequests }) => {
  it("reports each exchange with its path and status, and no secret", async () => {
    const events: Array<RequestEvent> = []
    const gis = await connect((event) => events.push(event))
    await gis.content.search("*", { maxItems: 1 })
    expect(await gis.content.get("0123456789abcdef0123456789abcdef")).toBeUndefined()
    await gis.close()
    const origin = new URL(emulator.url).origin
    for (const event of events) {
      expect(event.origin).toBe(origin)
      expect(event.path.startsWith("/portal/sharing/rest/")).toBe(true)
      expect(event.path).not.toMatch(/[?#]/)
      expect(event.status).toBeTypeOf("number")
      expect(event.failure).toBeUndefined()
    }
    const paths = events.map((event) => event.path.replace("/portal/sharing/rest/", ""))
    expect(paths).toEqual(expect.arrayContaining([...tokenRequests, "portals/self", "search"]))
    const serialized = JSON.stringify(events)
    for (const secret of secrets()) expect(serialized).not.toContain(secret)
  })
})

describe("onRequest when the portal cannot be reached", () => {
  it("reports the refused connection: no status, failure Network, code ECONNREFUSED", async () => {
    // A port nothing listens on any more (fetch itself refuses the well-known "bad" ports without trying).
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    const { port } = server.address() as AddressInfo
    await new Promise((resolve) => server.close(resolve))
    const events: Array<RequestEvent> = []
    const error = await GIS.connect({
      url: `http://127.0.0.1:${port}/portal`,
      retry: RetryPolicy.none,
      onRequest: (event) => events.push(event),
    }).catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(TransportError)
    expect(events).toMatchObject([
      {
        method: "GET",
        path: "/portal/sharing/rest/portals/self",
        status: undefined,
        failure: "Network",
        code: "ECONNREFUSED",
      },
    ])
  })
})
