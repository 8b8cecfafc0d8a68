/**
 * `onRequest`: one event per HTTP exchange with the method, origin, path, status and duration — and never a
 * secret, whatever the credentials: generated over every credential kind `GIS.connect` takes, each connection's
 * events are serialized and searched for every secret that connection handled (the password, the token, the API
 * key, the tokens the portal issued, the OAuth code and tokens). Failed exchanges too: a portal error sent with
 * HTTP 200, a 4xx, a refused connection, a timeout, an abort.
 */
import { Network, RetryPolicy } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "vitest"
import { GIS as ContentGIS } from "../src/content/index.ts"
import { AbortError, GIS, PortalError, type RequestEvent, TransportError } from "../src/index.ts"
import { GIS as NodeGIS } from "../src/node/index.ts"

const url = "https://portal.example.com/portal"
const restPath = "/portal/sharing/rest"
const itemId = "0123456789abcdef0123456789abcdef"
const forbiddenId = "11111111111111111111111111111111"
const missingId = "22222222222222222222222222222222"
const refusedId = "33333333333333333333333333333333"
const slowId = "44444444444444444444444444444444"
const self = { id: "org1", name: "Example", isPortal: true, user: { username: "jsmith" } }
const item = { id: itemId, owner: "jsmith", title: "Parks", type: "Web Map", access: "private" }

/** Every secret of every case; each is long enough for the suite's secret scan to learn too. */
const secrets = {
  password: "hunter2-Pa55word-for-hook",
  token: "static-token-s3cret-value",
  apiKey: "AAPK-api-key-s3cret-value",
  generated: "generated-token-s3cret-value",
  code: "oauth-code-s3cret-value",
  access: "oauth-access-token-s3cret",
  refresh: "oauth-refresh-token-s3cret",
}

const portal = () =>
  ScriptedFetch.make(async (request) => {
    const route = ScriptedFetch.route(request)
    if (route === "generateToken") return { json: { token: secrets.generated, expires: Date.now() + 3_600_000 } }
    if (route === "oauth2/token") {
      return {
        json: {
          access_token: secrets.access,
          expires_in: 1800,
          refresh_token: secrets.refresh,
          refresh_token_expires_in: 1_209_600,
          username: "jsmith",
        },
      }
    }
    if (route === "portals/self") return { json: self }
    if (route === "search") return { json: { total: 1, start: 1, num: 10, nextStart: -1, results: [item] } }
    if (route === `content/items/${itemId}`) return { json: item }
    // A portal error sent with HTTP 200 (the envelope), and one sent with its HTTP status.
    if (route === `content/items/${forbiddenId}`) {
      return {
        json: { error: { code: 403, messageCode: "GWM_0003", message: "You do not have permissions.", details: [] } },
      }
    }
    if (route === `content/items/${missingId}`) {
      return { status: 404, json: { error: { code: 404, message: "Not found.", details: [] } } }
    }
    if (route === `content/items/${refusedId}`) return "refused"
    if (route === `content/items/${slowId}`) {
      await new Promise((resolve) => setTimeout(resolve, 60))
      return { json: { ...item, id: slowId } }
    }
    return { status: 400, json: { error: { code: 400, message: "Not scripted.", details: [] } } }
  })

type Connect = (
  fetch: typeof globalThis.fetch,
  onRequest: (event: RequestEvent) => void,
) => Promise<{ readonly content: GIS["content"] | ContentGIS["content"]; readonly close: () => Promise<void> }>

/** Every credential kind the facade takes, each with the secrets it handles. */
const credentialKinds: ReadonlyArray<{
  readonly name: string
  /** The token requests the sign-in sends (each an exchange the hook must see, without its body). */
  readonly tokenRequests: ReadonlyArray<string>
  readonly connect: Connect
}> = [
  {
    name: "username/password",
    tokenRequests: ["generateToken"],
    connect: (fetch, onRequest) =>
      GIS.connect({ url, username: "jsmith", password: secrets.password, fetch, onRequest, retry: RetryPolicy.none }),
  },
  {
    name: "token",
    tokenRequests: [],
    connect: (fetch, onRequest) =>
      GIS.connect({ url, token: secrets.token, fetch, onRequest, retry: RetryPolicy.none }),
  },
  {
    name: "API key",
    tokenRequests: [],
    connect: (fetch, onRequest) =>
      GIS.connect({ url, apiKey: secrets.apiKey, fetch, onRequest, retry: RetryPolicy.none }),
  },
  {
    name: "API key (content entry)",
    tokenRequests: [],
    connect: (fetch, onRequest) =>
      ContentGIS.connect({ url, apiKey: secrets.apiKey, fetch, onRequest, retry: RetryPolicy.none }),
  },
  {
    name: "OAuth clientId (the loopback sign-in, a code exchanged for tokens)",
    tokenRequests: ["oauth2/token"],
    connect: (fetch, onRequest) =>
      NodeGIS.connect({
        url,
        clientId: "APPID",
        fetch,
        onRequest,
        retry: RetryPolicy.none,
        oauth: {
          // The browser: the portal signs the user in and sends it back to the listener with a code.
          open: async (authorize) => {
            const sent = new URL(authorize)
            const back = new URL(sent.searchParams.get("redirect_uri") ?? "")
            back.searchParams.set("code", secrets.code)
            back.searchParams.set("state", sent.searchParams.get("state") ?? "")
            await (await globalThis.fetch(back)).text()
          },
        },
      }),
  },
  {
    name: "anonymous",
    tokenRequests: [],
    connect: (fetch, onRequest) => GIS.connect({ url, fetch, onRequest, retry: RetryPolicy.none }),
  },
]

describe.each(credentialKinds)("onRequest with $name", ({ connect, tokenRequests }) => {
  it("sees every exchange once, with its status and duration, and never a secret", async () => {
    const scripted = portal()
    const events: Array<RequestEvent> = []
    const gis = await connect(scripted.fetch, (event) => events.push(event))
    const found = await gis.content.search("parks")
    expect(found.map((entry) => entry.title)).toEqual(["Parks"])
    await expect(gis.content.get(forbiddenId)).rejects.toBeInstanceOf(PortalError)
    expect(await gis.content.get(missingId)).toBeUndefined()
    await expect(gis.content.get(refusedId)).rejects.toBeInstanceOf(TransportError)
    expect((await gis.content.get(slowId))?.id).toBe(slowId)
    await gis.close()

    // Once per exchange: as many events as requests the portal saw, in the same order.
    expect(events.map((event) => `${event.method} ${event.path}`)).toEqual(
      scripted.requests.map((request) => `${request.method} ${request.url.pathname}`),
    )
    for (const route of tokenRequests) {
      expect(events.filter((event) => event.path === `${restPath}/${route}`).length, route).toBeGreaterThan(0)
    }
    const serialized = JSON.stringify(events)
    for (const [name, secret] of Object.entries(secrets)) expect(serialized, name).not.toContain(secret)
    for (const event of events) {
      expect(Object.keys(event).sort()).toEqual(
        ["code", "durationMs", "failure", "method", "origin", "path", "status", "trusted"].sort(),
      )
      expect(event.origin).toBe("https://portal.example.com")
      expect(event.path.startsWith(restPath)).toBe(true)
      expect(event.path).not.toMatch(/[?#]/)
      expect(event.durationMs).toBeGreaterThanOrEqual(0)
    }
    const of = (id: string) => events.filter((event) => event.path === `${restPath}/content/items/${id}`)
    expect(of(forbiddenId)).toMatchObject([{ status: 200, failure: undefined }])
    expect(of(missingId)).toMatchObject([{ status: 404, failure: undefined }])
    expect(of(refusedId)).toMatchObject([{ status: undefined, failure: "Network", code: "ECONNREFUSED" }])
    expect(of(slowId)[0]?.durationMs).toBeGreaterThanOrEqual(50)
    expect(events.find((event) => event.path === `${restPath}/search`)).toMatchObject({
      method: "GET",
      status: 200,
      trusted: true,
    })
  })
})

describe("onRequest", () => {
  it("reports the token requests of a sign-in (POST, path only), which carry the password in their body", async () => {
    const scripted = portal()
    const events: Array<RequestEvent> = []
    const gis = await GIS.connect({
      url,
      username: "jsmith",
      password: secrets.password,
      fetch: scripted.fetch,
      onRequest: (event) => events.push(event),
    })
    await gis.close()
    expect(events[0]).toMatchObject({ method: "POST", path: `${restPath}/generateToken`, status: 200 })
  })

  it("a timeout and an abort are failures of their own, with no status", async () => {
    const scripted = ScriptedFetch.make((request) =>
      ScriptedFetch.route(request) === "portals/self" ? { json: self } : "hang",
    )
    const events: Array<RequestEvent> = []
    const gis = await GIS.connect({
      url,
      fetch: scripted.fetch,
      timeout: 50,
      retry: RetryPolicy.none,
      onRequest: (event) => events.push(event),
    })
    await expect(gis.content.search("parks")).rejects.toMatchObject({ _tag: "TransportError", reason: "Timeout" })
    const controller = new AbortController()
    const searching = gis.content.search("parks", { signal: controller.signal })
    setTimeout(() => controller.abort(), 10)
    await expect(searching).rejects.toBeInstanceOf(AbortError)
    await gis.close()
    const search = events.filter((event) => event.path === `${restPath}/search`)
    expect(search).toMatchObject([
      { status: undefined, failure: "Timeout" },
      { status: undefined, failure: "Aborted" },
    ])
    expect(search[0]?.durationMs).toBeGreaterThanOrEqual(40)
  })

  it("wraps the strategy's own Network when there is no fetch option (the seam PKI and proxies use)", async () => {
    const scripted = portal()
    const events: Array<RequestEvent> = []
    const auth = {
      name: "custom",
      transport: Network.layer({ name: "custom", fetch: scripted.fetch }),
    }
    const gis = await GIS.connect({ url, auth, onRequest: (event) => events.push(event) })
    await gis.content.search("parks")
    await gis.close()
    expect(scripted.requests.length).toBeGreaterThan(0)
    expect(events.map((event) => event.path)).toEqual(scripted.requests.map((request) => request.url.pathname))
  })

  it("a hook that throws does not fail the request", async () => {
    const scripted = portal()
    const gis = await GIS.connect({
      url,
      fetch: scripted.fetch,
      onRequest: () => {
        throw new Error("a broken logger")
      },
    })
    expect((await gis.content.search("parks")).length).toBe(1)
    await gis.close()
  })

  it("is also an option of GisLayer and ContentLayer (Effect users)", async () => {
    const { Content } = await import("@arcgis-portal/content")
    const Effect = await import("effect/Effect")
    const { ContentLayer, GisLayer } = await import("../src/index.ts")
    for (const layer of [ContentLayer, GisLayer]) {
      const scripted = portal()
      const events: Array<RequestEvent> = []
      const program = Effect.flatMap(Content.Content, (content) => content.search("parks"))
      await Effect.runPromise(
        Effect.provide(program, layer({ url, fetch: scripted.fetch, onRequest: (event) => events.push(event) })),
      )
      expect(events.map((event) => event.path)).toContain(`${restPath}/search`)
    }
  })
})
