/**
 * Issue 14, the Effect face: for every credential kind, the attacker's servers receive no credential — no token,
 * password, client secret, refresh token, authorization code or verifier, no client certificate — whatever a
 * malicious org member or a hostile redirect points the SDK at. Real servers throughout (see `hostile.ts` and
 * `boundaryWorld.ts`); the cases are generated, kinds × vectors. Positive controls prove the boundary is not
 * "never send credentials anywhere": the portal's own federated server and a server listed in `trustedServers`
 * do get them.
 */
import { type PkceStrategy, pkce } from "@arcgis-portal/auth-oauth"
import { Content, ServiceLayer as ItemLayer, type ItemSchema, Items } from "@arcgis-portal/content"
import { type Auth, Portal, RetryPolicy, Transport } from "@arcgis-portal/core"
import { Datastores } from "@arcgis-portal/datastores"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { exchangesFor, type HostileItems, leaksTo, startWorld, type World } from "./boundaryWorld.ts"
import { type Kind, kinds, kindsWhere, outcome, settle, type Target } from "./credentialKinds.ts"
import { type Attacker, credentialsIn, recordingFetch, rewriteHost } from "./hostile.ts"

let world: World
beforeAll(async () => {
  world = await startWorld()
}, 60_000)
afterAll(async () => {
  await world?.stop()
})

type Services = Content.Content | Items.Items | Transport.Transport | Auth.Auth | Portal.Portal

/** Runs `program` with every service, on a portal layer for `options`; settles to its value or typed error. */
const run = <A, E>(options: Portal.Options, program: Effect.Effect<A, E, Services>) =>
  outcome(
    settle(
      Effect.provide(
        program,
        Layer.mergeAll(Content.layer, Items.layer).pipe(
          Layer.provideMerge(Portal.layer({ retry: RetryPolicy.none, timeout: 10_000, ...options })),
        ),
      ),
    ),
  )

const getItem = (id: string) =>
  Effect.flatMap(Content.Content, (content) => content.get(id)).pipe(
    Effect.flatMap((item) =>
      item === undefined ? Effect.die(new Error(`item ${id} not found`)) : Effect.succeed(item),
    ),
  )

const self = Effect.flatMap(Transport.Transport, (transport) =>
  transport.json({ operation: "Test.self", method: "GET", path: "portals/self" }),
)

/** A GET with the portal's credentials to an absolute URL — what the facade's geocoder sends. */
const withPortalCredentials = (url: string) =>
  Effect.flatMap(Transport.Transport, (transport) =>
    transport.json({
      operation: "Test.geocode",
      method: "GET",
      path: url,
      params: { SingleLine: "380 New York St, Redlands", maxLocations: 1 },
      credentials: "portal",
    }),
  )

const generateTokenRequests = (emulator: EmulatorHandle, from: number) =>
  emulator
    .requestLog()
    .slice(from)
    .filter((entry) => /\/generateToken$/i.test(entry.path)).length

/** Everything a case needs about its kind. */
const setup = async (kind: Kind, target: Partial<Target> = {}) => {
  const emulator = target.emulator ?? world.home(kind)
  const portalUrl = target.portalUrl ?? emulator.url
  const attacker = world.attackerOf(kind)
  attacker.reset()
  const mark = world.outgoing.requests.length
  const full: Target = { ...target, emulator, portalUrl }
  const auth = await outcome(kind.strategy(full, world))
  return { emulator, attacker, mark, auth, target: full }
}

const allKinds = kindsWhere(() => true)

// ---------------------------------------------------------------------------------------------------------------

interface ItemVector {
  readonly name: string
  readonly item: keyof HostileItems
  /** Whether the SDK should reach the attacker at all (without credentials). */
  readonly reaches: boolean
  /** It also writes to the portal's own federated server (which does exchange a server token). */
  readonly ownServer?: boolean
  readonly use: (item: ItemSchema.Item) => Effect.Effect<unknown, unknown, Services>
}

const properties = (item: ItemSchema.Item) => Effect.flatMap(ItemLayer.fromItem(item, 0), (layer) => layer.properties())

const itemVectors: ReadonlyArray<ItemVector> = [
  { name: "Layer.fromItem(Feature Service).properties()", item: "featureService", reaches: true, use: properties },
  { name: "a Feature Service item whose url is a layer (/0)", item: "featureLayer", reaches: true, use: properties },
  { name: "Layer.fromItem(Map Service).properties()", item: "mapService", reaches: true, use: properties },
  { name: "Layer.fromItem(Image Service).properties()", item: "imageService", reaches: true, use: properties },
  { name: "a URL item (Document Link)", item: "urlItem", reaches: true, use: properties },
  {
    name: "Items.copyFeatureLayerCollection",
    item: "featureService",
    reaches: true,
    ownServer: true,
    use: (item) =>
      Effect.flatMap(Items.Items, (items) =>
        items.copyFeatureLayerCollection(item, {
          serviceName: `copy_${Date.now().toString(36)}`,
          owner: "publisher_one",
        }),
      ),
  },
  {
    name: "a thumbnail the item JSON places on the attacker",
    item: "featureService",
    reaches: false,
    use: (item) =>
      Effect.flatMap(Items.Items, (items) =>
        Effect.all([
          Effect.exit(items.getThumbnail({ ...item, thumbnail: `${new URL(item.url ?? "").origin}/thumb.png` })),
          Effect.exit(items.relatedItems(item, "Map2Service", "forward")),
        ]),
      ),
  },
]

describe("a hostile item's URLs get no credentials", () => {
  for (const [name, kind] of allKinds) {
    for (const vector of itemVectors) {
      it(`${name} · ${vector.name}`, async () => {
        const { emulator, attacker, mark, auth } = await setup(kind)
        if (!auth.ok) throw auth.error
        const id = world.items.get(emulator)?.[vector.item] ?? ""
        let logMark = 0
        const result = await run(
          { url: emulator.url, auth: auth.value },
          Effect.gen(function* () {
            // The victim opens the planted item (signing in), then uses its URL.
            const item = yield* getItem(id)
            logMark = emulator.requestLog().length
            return yield* Effect.exit(vector.use(item))
          }),
        )
        expect(result.ok).toBe(true)
        if (vector.reaches) expect(attacker.requests.length).toBeGreaterThan(0)
        else expect(attacker.requests).toEqual([])
        expect(leaksTo(world, attacker, mark)).toEqual([])
        // No token exchange at all for the attacker's "server" (the emulator's log keeps paths only).
        if (vector.ownServer !== true) expect(generateTokenRequests(emulator, logMark)).toBe(0)
      })
    }
  }
})

describe("datastores with an explicit adminUrl on the attacker get no credentials", () => {
  const datastores = (attacker: Attacker) => Datastores.layer({ server: { adminUrl: `${attacker.origin}/arcgis` } })
  for (const [name, kind] of allKinds) {
    it(`${name} · Datastores.search() and serverInfo()`, async () => {
      const { emulator, attacker, mark, auth } = await setup(kind)
      if (!auth.ok) throw auth.error
      await run(
        { url: emulator.url, auth: auth.value },
        Effect.gen(function* () {
          yield* self
          const manager = yield* Datastores.Datastores
          yield* Effect.exit(manager.serverInfo())
          yield* Effect.exit(manager.search())
        }).pipe(Effect.provide(datastores(attacker))),
      )
      expect(attacker.requests.length).toBeGreaterThan(0)
      expect(leaksTo(world, attacker, mark)).toEqual([])
    })

    it(`${name} · Datastores.addDatabase (a connection string with a password) is refused before it is sent`, async () => {
      const { emulator, attacker, mark, auth } = await setup(kind)
      if (!auth.ok) throw auth.error
      const password = `db-password-${Math.random().toString(36).slice(2)}`
      world.outgoing.learn("the data item's database password", password)
      const result = await run(
        { url: emulator.url, auth: auth.value },
        Effect.gen(function* () {
          const manager = yield* Datastores.Datastores
          return yield* manager.addDatabase(
            "evil",
            Redacted.make(`SERVER=db;DATABASE=gis;USER=sde;PASSWORD=${password};AUTHENTICATION_MODE=DBMS`),
          )
        }).pipe(Effect.provide(datastores(attacker))),
      )
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error._tag).toBe("InvalidInput")
      expect(attacker.requests.filter((request) => request.method === "POST")).toEqual([])
      expect(leaksTo(world, attacker, mark)).toEqual([])
    })
  }
})

describe("a request with the portal's credentials to another origin goes without them", () => {
  for (const [name, kind] of allKinds) {
    it(`${name} · a geocoder-style GET (credentials: "portal") on the attacker`, async () => {
      const { emulator, attacker, mark, auth } = await setup(kind)
      if (!auth.ok) throw auth.error
      const result = await run(
        { url: emulator.url, auth: auth.value },
        Effect.andThen(
          self,
          withPortalCredentials(`${attacker.origin}/arcgis/rest/services/World/GeocodeServer/findAddressCandidates`),
        ),
      )
      expect(result.ok).toBe(true)
      expect(attacker.requests).toHaveLength(1)
      expect(leaksTo(world, attacker, mark)).toEqual([])
    })

    it(`${name} · the https portal's own host over http: (a scheme downgrade) gets no token`, async () => {
      const emulator = world.https(kind)
      const { mark, auth } = await setup(kind, { emulator })
      if (!auth.ok) throw auth.error
      const downgraded = `http://${new URL(emulator.url).host}`
      await run(
        { url: emulator.url, auth: auth.value },
        Effect.andThen(
          self,
          Effect.exit(
            withPortalCredentials(`${downgraded}/arcgis/rest/services/World/GeocodeServer/findAddressCandidates`),
          ),
        ),
      )
      const sent = world.outgoing.since(mark).filter((request) => request.url.startsWith(`${downgraded}/`))
      expect(sent.length).toBeGreaterThan(0)
      expect(credentialsIn(sent, world.secrets())).toEqual([])
    })
  }
})

// ---------------------------------------------------------------------------------------------------------------

const statuses = [301, 302, 303, 307, 308] as const

describe("a portal that redirects to the attacker", () => {
  for (const status of statuses) {
    describe(`status ${status}`, () => {
      for (const [name, kind] of allKinds) {
        const redirectAt = (path: RegExp) => {
          const portal = world.redirectingOf(kind)
          const attacker = world.attackerOf(kind)
          portal.setRule({ status, path, to: attacker.origin })
          return portal
        }

        // A static token and an API key make no sign-in request.
        const signIn = kind.signIn
        if (signIn !== undefined) {
          it(`${name} · signing in (${signIn})`, async () => {
            const portal = redirectAt(new RegExp(`/${signIn.replace("/", "\\/")}$`))
            try {
              const { attacker, mark, auth } = await setup(kind, { portalUrl: portal.url })
              const result = auth.ok ? await run({ url: portal.url, auth: auth.value }, self) : auth
              expect(result.ok).toBe(false)
              if (!result.ok) expect([result.error._tag, result.error.reason]).toEqual(["TransportError", "Redirect"])
              expect(portal.redirected()).toBeGreaterThan(0)
              expect(attacker.requests).toEqual([])
              expect(leaksTo(world, attacker, mark)).toEqual([])
            } finally {
              portal.setRule(undefined)
            }
          })
        }

        it(`${name} · a read (content/items/<id>) is followed without credentials`, async () => {
          const id = world.items.get(world.home(kind))?.featureService ?? ""
          const portal = redirectAt(new RegExp(`/content/items/${id}$`))
          try {
            const { attacker, mark, auth } = await setup(kind, { portalUrl: portal.url })
            if (!auth.ok) throw auth.error
            await run({ url: portal.url, auth: auth.value }, Effect.exit(getItem(id)))
            expect(portal.redirected()).toBe(1)
            expect(attacker.requests.map((request) => request.method)).toEqual(["GET"])
            expect(new URL(attacker.requests[0]?.url ?? "").pathname).toMatch(new RegExp(`/content/items/${id}$`))
            expect(leaksTo(world, attacker, mark)).toEqual([])
          } finally {
            portal.setRule(undefined)
          }
        })

        it(`${name} · a write (addItem) fails with TransportError Redirect and is not re-sent`, async () => {
          const portal = redirectAt(/\/addItem$/)
          try {
            const { attacker, mark, auth } = await setup(kind, { portalUrl: portal.url })
            if (!auth.ok) throw auth.error
            const result = await run(
              { url: portal.url, auth: auth.value },
              Effect.flatMap(Content.Content, (content) =>
                content.add({
                  properties: { title: "redirected", type: "Web Map", tags: ["x"] },
                  owner: "publisher_one",
                }),
              ),
            )
            expect(result.ok).toBe(false)
            if (!result.ok) expect([result.error._tag, result.error.reason]).toEqual(["TransportError", "Redirect"])
            expect(portal.redirected()).toBe(1)
            expect(attacker.requests).toEqual([])
            expect(leaksTo(world, attacker, mark)).toEqual([])
          } finally {
            portal.setRule(undefined)
          }
        })
      }
    })
  }
})

describe("a large upload (a body of 1 MiB or more, sent unredirectable) redirected to the attacker", () => {
  // Core sends such bodies with `redirect: "error"` (no buffered copy to re-send); the redirect fails the request.
  for (const status of [307, 308] as const) {
    for (const [name, kind] of allKinds) {
      it(`${name} · status ${status}: a TransportError, nothing reaches the attacker`, async () => {
        const portal = world.redirectingOf(kind)
        portal.setRule({ status, path: /\/addItem$/, to: world.attackerOf(kind).origin })
        try {
          const { attacker, mark, auth } = await setup(kind, { portalUrl: portal.url })
          if (!auth.ok) throw auth.error
          const result = await run(
            { url: portal.url, auth: auth.value },
            Effect.flatMap(Content.Content, (content) =>
              content.add({
                properties: { title: "large", type: "CSV", tags: ["x"] },
                data: new File([new Uint8Array(1024 * 1024 + 1).fill(65)], "large.csv", { type: "text/csv" }),
                owner: "publisher_one",
              }),
            ),
          )
          expect(result.ok).toBe(false)
          if (!result.ok) expect(result.error._tag).toBe("TransportError")
          expect(portal.redirected()).toBe(1)
          expect(attacker.requests).toEqual([])
          expect(leaksTo(world, attacker, mark)).toEqual([])
        } finally {
          portal.setRule(undefined)
        }
      })
    }
  }
})

describe("an OAuth refresh (refresh_token in the body) redirected to the attacker", () => {
  for (const status of statuses) {
    it(`pkce · status ${status}: TransportError Redirect, the refresh token stays home`, async () => {
      const kind = kinds.find((candidate) => candidate.name === "pkce") as Kind
      // Signed in directly; then a session that starts from its refresh token alone, through the redirecting portal.
      const { auth } = await setup(kind)
      if (!auth.ok) throw auth.error
      const session = (auth.value as PkceStrategy).session()
      if (session === undefined) throw new Error("no OAuth session")
      const refreshing = pkce({
        clientId: session.clientId,
        redirectUri: session.redirectUri,
        refreshToken: session.refreshToken,
      })
      const attacker = world.attackerOf(kind)
      attacker.reset()
      const mark = world.outgoing.requests.length
      world.redirecting.setRule({ status, path: /\/oauth2\/token$/, to: attacker.origin })
      try {
        const result = await run({ url: world.redirecting.url, auth: refreshing }, self)
        expect(result.ok).toBe(false)
        if (!result.ok) expect([result.error._tag, result.error.reason]).toEqual(["TransportError", "Redirect"])
        expect(world.redirecting.redirected()).toBe(1)
        expect(attacker.requests).toEqual([])
        expect(leaksTo(world, attacker, mark)).toEqual([])
      } finally {
        world.redirecting.setRule(undefined)
      }
    })
  }
})

// ---------------------------------------------------------------------------------------------------------------

describe("clear text: a portal on http://gis.example.test (not this machine)", () => {
  const network = () => {
    const origin = new URL(world.plain.url).origin
    const sdk = recordingFetch(rewriteHost("gis.example.test", origin))
    const browser = recordingFetch(rewriteHost("gis.example.test", origin))
    return { sdk, browser, portalUrl: `http://gis.example.test:${world.plain.port}/portal` }
  }
  for (const [name, kind] of kindsWhere((kind) => !kind.pki)) {
    it(`${name} · refused with InvalidInput before anything credential-bearing is sent`, async () => {
      const { sdk, browser, portalUrl } = network()
      const { auth } = await setup(kind, { portalUrl, fetch: sdk.fetch, browserFetch: browser.fetch })
      const result = auth.ok ? await run({ url: portalUrl, auth: auth.value, fetch: sdk.fetch }, self) : auth
      expect(result.ok).toBe(false)
      if (!result.ok) expect([result.error._tag, result.error.field]).toEqual(["InvalidInput", "allowInsecureHttp"])
      expect(credentialsIn(sdk.requests, world.secrets())).toEqual([])
      expect(sdk.requests).toEqual([])
    })

    it(`${name} · goes through with allowInsecureHttp: true`, async () => {
      const { sdk, browser, portalUrl } = network()
      const { auth } = await setup(kind, {
        portalUrl,
        fetch: sdk.fetch,
        browserFetch: browser.fetch,
        allowInsecureHttp: true,
      })
      if (!auth.ok) throw auth.error
      const result = await run({ url: portalUrl, auth: auth.value, fetch: sdk.fetch, allowInsecureHttp: true }, self)
      if (!result.ok) throw result.error
      // The credential did travel in clear text — the opt-in — which the recording fetch sees.
      expect(credentialsIn(sdk.requests, world.secrets()).length).toBeGreaterThan(0)
    })
  }

  it("loopback http (the emulator itself) needs no opt-in", async () => {
    const kind = kinds.find((candidate) => candidate.name === "builtInUser") as Kind
    const { emulator, auth } = await setup(kind)
    if (!auth.ok) throw auth.error
    const result = await run({ url: emulator.url, auth: auth.value }, self)
    expect(result.ok).toBe(true)
  })
})

describe("ssl: true in a token answer", () => {
  for (const [name, kind] of kindsWhere((kind) => kind.honorsSsl && !kind.pki)) {
    it(`${name} · on loopback http with an explicit port, credential-bearing requests are refused (https required)`, async () => {
      const { emulator, mark, auth } = await setup(kind, { emulator: world.allSsl })
      if (!auth.ok) throw auth.error
      const result = await run({ url: emulator.url, auth: auth.value }, self)
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error._tag).toBe("InvalidInput")
        expect(result.error.message).toMatch(/https/)
      }
      const origin = new URL(emulator.url).origin
      const afterSignIn = world.outgoing
        .since(mark)
        .filter((request) => request.url.startsWith(origin) && !/\/(generateToken|oauth2\/\w+)$/.test(request.url))
      expect(credentialsIn(afterSignIn, world.secrets())).toEqual([])
    })

    it(`${name} · on http://gis.example.test (no port) with allowInsecureHttp, later requests go to https://`, async () => {
      const origin = new URL(world.allSsl.url).origin
      const sdk = recordingFetch(rewriteHost("gis.example.test", origin))
      const browser = recordingFetch(rewriteHost("gis.example.test", origin))
      const portalUrl = "http://gis.example.test/portal"
      const { auth } = await setup(kind, {
        emulator: world.allSsl,
        portalUrl,
        fetch: sdk.fetch,
        browserFetch: browser.fetch,
        allowInsecureHttp: true,
      })
      if (!auth.ok) throw auth.error
      const result = await run({ url: portalUrl, auth: auth.value, fetch: sdk.fetch, allowInsecureHttp: true }, self)
      if (!result.ok) throw result.error
      const withToken = sdk.requests.filter((request) => request.headers["x-esri-authorization"] !== undefined)
      expect(withToken.length).toBeGreaterThan(0)
      expect(withToken.map((request) => new URL(request.url).protocol)).toEqual(withToken.map(() => "https:"))
    })
  }
})

// ---------------------------------------------------------------------------------------------------------------

describe("positive controls", () => {
  for (const [name, kind] of allKinds) {
    it(`${name} · a server listed in trustedServers does receive the credential`, async () => {
      const { emulator, attacker, auth } = await setup(kind)
      if (!auth.ok) throw auth.error
      const result = await run(
        { url: emulator.url, auth: auth.value, trustedServers: [attacker.origin] },
        withPortalCredentials(`${attacker.origin}/arcgis/rest/services/World/GeocodeServer/findAddressCandidates`),
      )
      expect(result.ok).toBe(true)
      expect(credentialsIn(attacker.requests, world.secrets()).length).toBeGreaterThan(0)
      if (kind.pki) expect(attacker.connections().withCertificate).toBeGreaterThan(0)
    })

    it(`${name} · normal operations work${kind.exchanges ? ", and the portal's own federated server gets its token" : ""}`, async () => {
      const { emulator, mark, auth } = await setup(kind)
      if (!auth.ok) throw auth.error
      const hosted = world.hosted.get(emulator)?.id ?? ""
      const result = await run(
        { url: emulator.url, auth: auth.value },
        Effect.gen(function* () {
          const content = yield* Content.Content
          const found = yield* content.search("owner:publisher_one", { maxItems: 1 })
          const item = yield* getItem(hosted)
          // An API key or an app's token is not exchanged for a server token (the emulator refuses, as ArcGIS does).
          const layer = kind.exchanges ? yield* properties(item) : undefined
          return { found, layer }
        }),
      )
      if (!result.ok) throw result.error
      // The proxied kind really goes through its proxy.
      if (kind.name === "pkiThroughProxy") expect(world.proxy.tunnels).toContain(new URL(emulator.url).host)
      if (!kind.exchanges) return
      const origin = new URL(emulator.url).origin
      const toServer = world.outgoing.since(mark).filter((request) => request.url.startsWith(`${origin}/server/rest/`))
      expect(toServer.length).toBeGreaterThan(0)
      // A server token (exchanged for the portal's own server) travels there.
      expect(toServer.every((request) => request.headers["x-esri-authorization"] !== undefined)).toBe(true)
      expect(exchangesFor(world.outgoing.since(mark), origin)).toBeGreaterThan(0)
    })
  }
})

it("the matrix covers every credential kind", () => {
  expect(kinds.map((kind) => kind.name)).toEqual([
    "staticToken",
    "apiKey",
    "builtInUser",
    "clientCredentials",
    "pkce",
    "pki",
    "pkiThroughProxy",
  ])
})
