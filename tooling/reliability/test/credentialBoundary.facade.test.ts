/**
 * Issue 14, the Promise face (`GIS.connect` from `@arcgis-portal/gis/node`): the same attacks as
 * `credentialBoundary.test.ts` — hostile item URLs, datastores on the attacker, the portal's geocoder pointed at
 * the attacker (or at the portal's own host over http:), redirects, clear text, `ssl: true` — for every credential
 * kind as a facade user passes it (`token`, `apiKey`, `username`/`password`, `auth: clientCredentials(...)`,
 * `clientId` with the loopback sign-in, `keyFile`/`certFile`). The attacker must receive no credential.
 */
import { RetryPolicy } from "@arcgis-portal/core"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import { type ConnectOptions, Layer } from "@arcgis-portal/gis"
import { GIS } from "@arcgis-portal/gis/node"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { exchangesFor, type HostileItems, leaksTo, startWorld, type World } from "./boundaryWorld.ts"
import { type Kind, kindsWhere, outcome, type Target } from "./credentialKinds.ts"
import { credentialsIn, recordingFetch, rewriteHost } from "./hostile.ts"

let world: World
beforeAll(async () => {
  world = await startWorld()
}, 60_000)
afterAll(async () => {
  await world?.stop()
})

const allKinds = kindsWhere(() => true)

/** Connects as `kind` through `target`; the connection is closed when `use` settles. */
const withConnection = async <A>(
  kind: Kind,
  target: Partial<Target>,
  extra: Partial<ConnectOptions>,
  use: (gis: GIS) => Promise<A>,
) => {
  const emulator = target.emulator ?? world.home(kind)
  const full: Target = { ...target, emulator, portalUrl: target.portalUrl ?? emulator.url }
  const credentials = await kind.facade(full, world)
  const connected = await outcome(
    GIS.connect({
      url: full.portalUrl,
      retry: RetryPolicy.none,
      timeout: 10_000,
      fetch: full.fetch,
      allowInsecureHttp: full.allowInsecureHttp,
      ...credentials,
      ...extra,
    }),
  )
  if (!connected.ok) return connected
  try {
    return await outcome(use(connected.value))
  } finally {
    await connected.value.close()
  }
}

const begin = (kind: Kind) => {
  const attacker = world.attackerOf(kind)
  attacker.reset()
  return { attacker, mark: world.outgoing.requests.length, emulator: world.home(kind) }
}

const itemOf = (gis: GIS, id: string) =>
  gis.content.get(id).then((item) => {
    if (item === undefined) throw new Error(`item ${id} not found`)
    return item
  })

const address = "380 New York St, Redlands"

// ---------------------------------------------------------------------------------------------------------------

describe("a hostile item's URLs get no credentials", () => {
  const layerVectors: ReadonlyArray<readonly [string, keyof HostileItems]> = [
    ["Layer.fromItem(Feature Service).properties()", "featureService"],
    ["a Feature Service item whose url is a layer (/0)", "featureLayer"],
    ["Layer.fromItem(Map Service).properties()", "mapService"],
    ["Layer.fromItem(Image Service).properties()", "imageService"],
    ["a URL item (Document Link)", "urlItem"],
  ]
  for (const [name, kind] of allKinds) {
    for (const [vector, key] of layerVectors) {
      it(`${name} · ${vector}`, async () => {
        const { attacker, mark, emulator } = begin(kind)
        const id = world.items.get(emulator)?.[key] ?? ""
        const result = await withConnection(kind, {}, {}, async (gis) => {
          const layer = await Layer.fromItem(await itemOf(gis, id))
          return layer.properties()
        })
        if (!result.ok) throw result.error
        expect(attacker.requests.length).toBeGreaterThan(0)
        expect(leaksTo(world, attacker, mark)).toEqual([])
      })
    }

    it(`${name} · item.copyFeatureLayerCollection`, async () => {
      const { attacker, mark, emulator } = begin(kind)
      const id = world.items.get(emulator)?.featureService ?? ""
      await withConnection(kind, {}, {}, async (gis) =>
        (await itemOf(gis, id)).copyFeatureLayerCollection(`copy_${Date.now().toString(36)}`, {
          owner: "publisher_one",
        }),
      )
      expect(attacker.requests.length).toBeGreaterThan(0)
      expect(leaksTo(world, attacker, mark)).toEqual([])
    })
  }
})

describe("gis.datastores({ adminUrl }) on the attacker gets no credentials", () => {
  for (const [name, kind] of allKinds) {
    it(`${name} · search()`, async () => {
      const { attacker, mark } = begin(kind)
      await withConnection(kind, {}, {}, (gis) => gis.datastores({ adminUrl: `${attacker.origin}/arcgis` }).search())
      expect(attacker.requests.length).toBeGreaterThan(0)
      expect(leaksTo(world, attacker, mark)).toEqual([])
    })

    it(`${name} · addDatabase (a connection string with a password) is refused before it is sent`, async () => {
      const { attacker, mark } = begin(kind)
      const password = `db-password-${Math.random().toString(36).slice(2)}`
      world.outgoing.learn("the data item's database password", password)
      const result = await withConnection(kind, {}, {}, (gis) =>
        gis.datastores({ adminUrl: `${attacker.origin}/arcgis` }).addDatabase({
          name: "evil",
          connStr: `SERVER=db;DATABASE=gis;USER=sde;PASSWORD=${password};AUTHENTICATION_MODE=DBMS`,
        }),
      )
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error._tag).toBe("InvalidInput")
      expect(attacker.requests.filter((request) => request.method === "POST")).toEqual([])
      expect(leaksTo(world, attacker, mark)).toEqual([])
    })
  }
})

describe("the portal's geocoder (gis.map(address))", () => {
  const geocoderOn = (origin: string) => `${origin}/arcgis/rest/services/World/GeocodeServer`
  for (const [name, kind] of allKinds) {
    it(`${name} · an administrator points it at the attacker: the victim's map call sends no credentials`, async () => {
      const { attacker, mark, emulator } = begin(kind)
      await world.setGeocoder(emulator, geocoderOn(attacker.origin))
      const result = await withConnection(kind, {}, {}, (gis) => gis.map(address))
      if (!result.ok) throw result.error
      expect(attacker.requests).toHaveLength(1)
      expect(leaksTo(world, attacker, mark)).toEqual([])
    })

    it(`${name} · on the https portal's own host but over http: no token travels in clear text`, async () => {
      const emulator = world.https(kind)
      const mark = world.outgoing.requests.length
      const downgraded = `http://${new URL(emulator.url).host}`
      await world.setGeocoder(emulator, geocoderOn(downgraded))
      await withConnection(kind, { emulator }, {}, (gis) => gis.map(address))
      const sent = world.outgoing.since(mark).filter((request) => request.url.startsWith(`${downgraded}/`))
      expect(sent.length).toBeGreaterThan(0)
      expect(credentialsIn(sent, world.secrets())).toEqual([])
    })

    it(`${name} · positive control: a geocoder listed in trustedServers does receive the credential`, async () => {
      const { attacker, emulator } = begin(kind)
      await world.setGeocoder(emulator, geocoderOn(attacker.origin))
      const result = await withConnection(kind, {}, { trustedServers: [attacker.origin] }, (gis) => gis.map(address))
      if (!result.ok) throw result.error
      expect(credentialsIn(attacker.requests, world.secrets()).length).toBeGreaterThan(0)
      if (kind.pki) expect(attacker.connections().withCertificate).toBeGreaterThan(0)
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
          portal.setRule({ status, path, to: world.attackerOf(kind).origin })
          return portal
        }

        // A static token and an API key make no sign-in request.
        const signIn = kind.signIn
        if (signIn !== undefined) {
          it(`${name} · GIS.connect signing in (${signIn}) rejects with TransportError Redirect`, async () => {
            const { attacker, mark } = begin(kind)
            const portal = redirectAt(new RegExp(`/${signIn.replace("/", "\\/")}$`))
            try {
              const result = await withConnection(kind, { portalUrl: portal.url }, {}, async () => undefined)
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

        it(`${name} · gis.content.get (a read) is followed without credentials`, async () => {
          const { attacker, mark, emulator } = begin(kind)
          const id = world.items.get(emulator)?.featureService ?? ""
          const portal = redirectAt(new RegExp(`/content/items/${id}$`))
          try {
            await withConnection(kind, { portalUrl: portal.url }, {}, (gis) => gis.content.get(id))
            expect(portal.redirected()).toBe(1)
            expect(attacker.requests.map((request) => request.method)).toEqual(["GET"])
            expect(leaksTo(world, attacker, mark)).toEqual([])
          } finally {
            portal.setRule(undefined)
          }
        })

        it(`${name} · gis.content.add (a write) rejects with TransportError Redirect and is not re-sent`, async () => {
          const { attacker, mark } = begin(kind)
          const portal = redirectAt(/\/addItem$/)
          try {
            const result = await withConnection(kind, { portalUrl: portal.url }, {}, (gis) =>
              gis.content.add({ title: "redirected", type: "Web Map", tags: ["x"] }, { owner: "publisher_one" }),
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

// ---------------------------------------------------------------------------------------------------------------

const network = (emulator: EmulatorHandle) => {
  const origin = new URL(emulator.url).origin
  return {
    sdk: recordingFetch(rewriteHost("gis.example.test", origin)),
    browser: recordingFetch(rewriteHost("gis.example.test", origin)),
  }
}

describe("clear text: GIS.connect to http://gis.example.test (not this machine)", () => {
  for (const [name, kind] of kindsWhere((kind) => !kind.pki)) {
    it(`${name} · rejects with InvalidInput before anything credential-bearing is sent`, async () => {
      const { sdk, browser } = network(world.plain)
      const portalUrl = `http://gis.example.test:${world.plain.port}/portal`
      const result = await withConnection(
        kind,
        { portalUrl, fetch: sdk.fetch, browserFetch: browser.fetch },
        {},
        async () => undefined,
      )
      expect(result.ok).toBe(false)
      if (!result.ok) expect([result.error._tag, result.error.field]).toEqual(["InvalidInput", "allowInsecureHttp"])
      expect(credentialsIn(sdk.requests, world.secrets())).toEqual([])
      expect(sdk.requests).toEqual([])
    })

    it(`${name} · connects with allowInsecureHttp: true`, async () => {
      const { sdk, browser } = network(world.plain)
      const portalUrl = `http://gis.example.test:${world.plain.port}/portal`
      const result = await withConnection(
        kind,
        { portalUrl, fetch: sdk.fetch, browserFetch: browser.fetch, allowInsecureHttp: true },
        {},
        (gis) => gis.properties(),
      )
      if (!result.ok) throw result.error
      expect(credentialsIn(sdk.requests, world.secrets()).length).toBeGreaterThan(0)
    })
  }
})

describe("ssl: true in a token answer", () => {
  for (const [name, kind] of kindsWhere((kind) => kind.honorsSsl && !kind.pki)) {
    it(`${name} · GIS.connect to loopback http with an explicit port rejects with InvalidInput (https required)`, async () => {
      const mark = world.outgoing.requests.length
      const result = await withConnection(kind, { emulator: world.allSsl }, {}, async () => undefined)
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error._tag).toBe("InvalidInput")
        expect(result.error.message).toMatch(/https/)
      }
      const origin = new URL(world.allSsl.url).origin
      const afterSignIn = world.outgoing
        .since(mark)
        .filter((request) => request.url.startsWith(origin) && !/\/(generateToken|oauth2\/\w+)$/.test(request.url))
      expect(credentialsIn(afterSignIn, world.secrets())).toEqual([])
    })

    it(`${name} · on http://gis.example.test (no port) with allowInsecureHttp, later requests go to https://`, async () => {
      const { sdk, browser } = network(world.allSsl)
      const result = await withConnection(
        kind,
        {
          emulator: world.allSsl,
          portalUrl: "http://gis.example.test/portal",
          fetch: sdk.fetch,
          browserFetch: browser.fetch,
          allowInsecureHttp: true,
        },
        {},
        (gis) => gis.content.search("owner:publisher_one", { maxItems: 1 }),
      )
      if (!result.ok) throw result.error
      const withToken = sdk.requests.filter((request) => request.headers["x-esri-authorization"] !== undefined)
      expect(withToken.length).toBeGreaterThan(0)
      expect(withToken.map((request) => new URL(request.url).protocol)).toEqual(withToken.map(() => "https:"))
    })
  }
})

describe("positive controls", () => {
  for (const [name, kind] of allKinds) {
    it(`${name} · normal operations work${kind.exchanges ? ", and the portal's own federated server gets its token" : ""}`, async () => {
      const { mark, emulator } = begin(kind)
      const hosted = world.hosted.get(emulator)?.id ?? ""
      const result = await withConnection(kind, {}, {}, async (gis) => {
        await gis.content.search("owner:publisher_one", { maxItems: 1 })
        const item = await itemOf(gis, hosted)
        // An API key or an app's token is not exchanged for a server token (the emulator refuses, as ArcGIS does).
        return kind.exchanges ? (await Layer.fromItem(item)).properties() : undefined
      })
      if (!result.ok) throw result.error
      // The proxied kind really goes through its proxy.
      if (kind.name === "pkiThroughProxy") expect(world.proxy.tunnels).toContain(new URL(emulator.url).host)
      if (!kind.exchanges) return
      const origin = new URL(emulator.url).origin
      expect(exchangesFor(world.outgoing.since(mark), origin)).toBeGreaterThan(0)
    })
  }
})
