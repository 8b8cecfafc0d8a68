import type { Auth, PortalError, Transport } from "@arcgis-portal/core"
import { type AuthStrategy, Portal } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { type Datastore, Datastores } from "../src/index.ts"

export const portalUrl = "https://portal.test/portal"
export const restUrl = `${portalUrl}/sharing/rest`
export const portalToken = "portal-token-unit"
export const serverToken = "server-token-unit"
export const admin = "https://gis.test/server/admin"

/** A strategy with a fixed portal token; the server token comes from core's generateToken exchange. */
export const auth: AuthStrategy.AuthStrategy = {
  name: "test-static",
  acquire: () => Effect.succeed({ token: Redacted.make(portalToken), expires: undefined }),
}

export const serversFixture = {
  servers: [
    {
      id: "raster1",
      name: "raster.test:6443",
      url: "https://raster.test/arcgis",
      adminUrl: "https://raster.test:6443/arcgis",
      isHosted: false,
      serverType: "ArcGIS",
      serverRole: "FEDERATED_SERVER",
      serverFunction: "RasterAnalytics",
    },
    {
      id: "hosting1",
      name: "gis.test",
      url: "https://gis.test/server",
      adminUrl: "https://gis.test/server",
      isHosted: true,
      serverType: "ArcGIS",
      serverRole: "HOSTING_SERVER",
      serverFunction: "",
      webgisServerTrustKey: "",
    },
  ],
}

export type Reply = ScriptedFetch.Reply
export type Recorded = ScriptedFetch.Recorded
export type Route = Reply | ((request: Recorded, count: number) => Reply | Promise<Reply>)

/**
 * A scripted portal + federated server. `routes` maps absolute admin URLs (without query) or paths
 * relative to sharing/rest to replies. `portals/self/servers` and the generateToken exchange are
 * answered by default; unknown routes answer an admin error so a test fails loudly.
 */
export const scripted = (routes: Record<string, Route>, options: Datastores.Options = {}) => {
  const counts = new Map<string, number>()
  const fetch = ScriptedFetch.make((request) => {
    const bare = request.url.href.split("?")[0] ?? ""
    const key = bare.startsWith(restUrl) ? ScriptedFetch.route(request) : bare
    const count = counts.get(key) ?? 0
    counts.set(key, count + 1)
    const route = routes[key]
    if (route !== undefined) return typeof route === "function" ? route(request, count) : route
    if (key === "portals/self/servers") return { json: serversFixture }
    // Read by core's credential boundary before a server token is exchanged.
    if (key === "portals/self") return { json: { id: "0123456789ABCDEF", isPortal: true } }
    if (key === "generateToken" && request.body.serverUrl)
      return { json: { token: serverToken, expires: Date.now() + 3_600_000 } }
    return { json: { status: "error", messages: [`Unscripted request: ${request.method} ${key}`], code: 500 } }
  })
  const layer: Layer.Layer<
    Datastores.Datastores | Datastore.Datastore | Portal.Portal | Auth.Auth | Transport.Transport,
    PortalError.InvalidInput
  > = Datastores.layer(options).pipe(
    Layer.provideMerge(
      Portal.layer({ url: portalUrl, auth, fetch: fetch.fetch, retry: { times: 3, base: 1, maxDelay: 5 } }),
    ),
  )
  const to = (key: string) =>
    fetch.requests.filter((request) => {
      const bare = request.url.href.split("?")[0] ?? ""
      return (bare.startsWith(restUrl) ? ScriptedFetch.route(request) : bare) === key
    })
  const exchanges = () => fetch.requests.filter((request) => request.body.serverUrl !== undefined)
  return { requests: fetch.requests, layer, to, exchanges }
}

/** The `item` body parameter of a request, parsed. */
export const itemOf = (request: Recorded | undefined): unknown => JSON.parse(request?.body.item ?? "null")

export const fixture = async (name: string): Promise<unknown> => {
  const { readFile } = await import("node:fs/promises")
  return JSON.parse(await readFile(new URL(`./fixtures/${name}`, import.meta.url), "utf8"))
}
