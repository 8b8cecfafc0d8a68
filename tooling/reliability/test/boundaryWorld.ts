/**
 * The world the credential-boundary tests (issue 14) run in: emulators (plain http, https, https with client
 * certificates, `allSsl`), an attacker over http and over https, redirecting portals in front of the emulators,
 * hostile items a malicious org member planted, a CONNECT proxy, and a recorder of everything the process sends
 * (which learns every secret it sees, so a test can look for them at the attacker). The credential kinds are in
 * `credentialKinds.ts`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { getCACertificates, setDefaultCACertificates } from "node:tls"
import { clientCertificate } from "@arcgis-portal/auth-pki"
import { builtInUser } from "@arcgis-portal/auth-token"
import { Content, Items } from "@arcgis-portal/content"
import { type AuthStrategy, Portal, RetryPolicy, Transport } from "@arcgis-portal/core"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { Certificates } from "@arcgis-portal/emulator/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { issuedStaticTokens, type Kind, settle } from "./credentialKinds.ts"
import {
  type Attacker,
  type ConnectProxy,
  credentialsIn,
  type Recorded,
  type RedirectingPortal,
  recordCall,
  startAttacker,
  startConnectProxy,
  startRedirectingPortal,
} from "./hostile.ts"

// ---------------------------------------------------------------------------------------------------------------
// Everything the process sends

/** Secret parameters whose values are learned from request bodies. */
const learnedParams = ["password", "client_secret", "refresh_token", "code", "code_verifier", "token", "serverToken"]

/**
 * Wraps `globalThis.fetch` (every strategy's fetch ends there too) to record every request and learn every secret
 * on the wire: secret body parameters, tokens in headers, and the tokens the portal hands out.
 */
export const recordOutgoing = () => {
  const requests: Array<Recorded> = []
  const secrets = new Map<string, string>()
  const learn = (label: string, value: unknown) => {
    if (typeof value === "string" && value.length >= 8 && !secrets.has(value)) secrets.set(value, label)
  }
  const original = globalThis.fetch
  const recording = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const recorded = await recordCall(input, init)
    requests.push(recorded)
    const path = new URL(recorded.url).pathname
    if (!(recorded.headers["content-type"] ?? "").includes("multipart")) {
      const body = new URLSearchParams(recorded.body)
      for (const name of learnedParams) for (const value of body.getAll(name)) learn(`${name} sent to ${path}`, value)
    }
    for (const header of ["authorization", "x-esri-authorization"]) {
      learn(`a token sent in ${header}`, recorded.headers[header]?.replace(/^(Bearer|Basic)\s+/i, ""))
    }
    const response = await original(input, init)
    if (/\/(generateToken|oauth2\/token)$/i.test(path)) {
      try {
        const body = (await response.clone().json()) as Record<string, unknown>
        for (const key of ["token", "access_token", "refresh_token"]) learn(`${key} from ${path}`, body[key])
      } catch {
        // not JSON: nothing to learn
      }
    }
    return response
  }) as typeof globalThis.fetch
  globalThis.fetch = recording
  return {
    requests,
    learn,
    /** `[label, value]` of every secret seen so far. */
    secrets: (): Array<readonly [string, string]> => [...secrets].map(([value, label]) => [label, value] as const),
    since: (mark: number) => requests.slice(mark),
    restore: () => {
      globalThis.fetch = original
    },
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile items and admin changes

/** The items `user_one` planted, all shared with everyone, all pointing at the attacker. */
export interface HostileItems {
  readonly featureService: string
  readonly featureLayer: string
  readonly mapService: string
  readonly imageService: string
  readonly urlItem: string
}

/** A hosted feature service on the emulator's own federated server (same origin), shared with everyone. */
export interface HostedService {
  readonly id: string
}

const asAccount = (emulator: EmulatorHandle, auth: AuthStrategy.AuthStrategy) =>
  Layer.mergeAll(Content.layer, Items.layer).pipe(
    Layer.provideMerge(Portal.layer({ url: emulator.url, auth, retry: RetryPolicy.none, timeout: 10_000 })),
  )

const plantItems = (emulator: EmulatorHandle, attacker: string, auth: AuthStrategy.AuthStrategy) =>
  settle(
    Effect.gen(function* () {
      const content = yield* Content.Content
      const items = yield* Items.Items
      const plant = (type: string, url: string) =>
        Effect.gen(function* () {
          const item = yield* content.add({ properties: { title: `bait ${type}`, type, url, tags: ["bait"] } })
          yield* items.share(item, { everyone: true, org: true })
          return item.id
        })
      const services = `${attacker}/arcgis/rest/services/X`
      return {
        featureService: yield* plant("Feature Service", `${services}/FeatureServer`),
        featureLayer: yield* plant("Feature Service", `${services}/FeatureServer/0`),
        mapService: yield* plant("Map Service", `${services}/MapServer`),
        imageService: yield* plant("Image Service", `${services}/ImageServer`),
        urlItem: yield* plant("Document Link", `${attacker}/docs/report.html`),
      } satisfies HostileItems
    }).pipe(Effect.provide(asAccount(emulator, auth))),
  )

const hostService = (emulator: EmulatorHandle, auth: AuthStrategy.AuthStrategy) =>
  settle(
    Effect.gen(function* () {
      const content = yield* Content.Content
      const items = yield* Items.Items
      const job = yield* content.createService({ name: `boundary_${Date.now().toString(36)}` })
      yield* items.share({ id: job.itemId, owner: job.owner }, { everyone: true, org: true })
      return { id: job.itemId }
    }).pipe(Effect.provide(asAccount(emulator, auth))),
  )

// ---------------------------------------------------------------------------------------------------------------
// The world

export interface World {
  /** Plain http on loopback: the token kinds' portal. */
  readonly plain: EmulatorHandle
  /** https without client certificates: the token kinds' https portal. */
  readonly secure: EmulatorHandle
  /** https requiring a client certificate: the PKI kind's portal. */
  readonly pki: EmulatorHandle
  /** Plain http on loopback whose token answers say `ssl: true`. */
  readonly allSsl: EmulatorHandle
  readonly certificates: Certificates.TestPki
  readonly attacker: Attacker
  readonly tlsAttacker: Attacker
  readonly redirecting: RedirectingPortal
  readonly tlsRedirecting: RedirectingPortal
  readonly outgoing: ReturnType<typeof recordOutgoing>
  /** The HTTP proxy the `pkiThroughProxy` kind goes through, and how to reach it. */
  readonly proxy: ConnectProxy
  readonly proxyOptions: {
    readonly host: string
    readonly port: number
    readonly username: string
    readonly password: string
  }
  /** The PKI kind's certificate and key as files (the facade's `certFile`/`keyFile`). */
  readonly credentialFiles: { readonly cert: string; readonly key: string }
  readonly items: ReadonlyMap<EmulatorHandle, HostileItems>
  readonly hosted: ReadonlyMap<EmulatorHandle, HostedService>
  /** The portal a kind lives on, its https portal, its attacker and its redirecting portal. */
  readonly home: (kind: Kind) => EmulatorHandle
  readonly https: (kind: Kind) => EmulatorHandle
  readonly attackerOf: (kind: Kind) => Attacker
  readonly redirectingOf: (kind: Kind) => RedirectingPortal
  /** Every secret known: the seeded ones, and every one seen on the wire. */
  readonly secrets: () => Array<readonly [string, string]>
  /** Sets the portal's geocoder (`helperServices.geocode[0].url`) as its administrator. */
  readonly setGeocoder: (emulator: EmulatorHandle, url: string) => Promise<void>
  readonly stop: () => Promise<void>
}

export const startWorld = async (): Promise<World> => {
  const certificates = await Certificates.createTestPki({ usernames: ["publisher_one", "user_one", "portal_admin"] })
  // The test CA joins Node's default trust store, so a fetch without a client certificate (the SDK's public fetch)
  // can reach the https attacker, whose certificate it signed: the attacker then sees whether one was presented.
  setDefaultCACertificates([...getCACertificates("default"), certificates.ca.cert])
  const tls = { key: certificates.server.key, cert: certificates.server.cert, ca: certificates.ca.cert }
  const [plain, secure, pki, allSsl] = await Promise.all([
    startEmulator({ jobMillis: 0 }),
    startEmulator({ jobMillis: 0, tls: { ...tls, hostname: "localhost" } }),
    startEmulator({ jobMillis: 0, tls: { ...tls, requireClientCertificate: true, hostname: "localhost" } }),
    startEmulator({ jobMillis: 0, allSsl: true }),
  ])
  const attacker = await startAttacker({ portalUrl: plain.url })
  const tlsAttacker = await startAttacker({ portalUrl: pki.url, tls: certificates.server })
  const redirecting = await startRedirectingPortal({ target: new URL(plain.url).origin })
  const tlsRedirecting = await startRedirectingPortal({
    target: new URL(pki.url).origin,
    tls: { server: certificates.server, ca: certificates.ca.cert, clients: certificates.clients },
  })
  const proxyOptions = { username: "proxy-user", password: `proxy-password-${Math.random().toString(36).slice(2)}` }
  const proxy = await startConnectProxy(proxyOptions)
  const directory = mkdtempSync(join(tmpdir(), "credential-boundary-"))
  const files = { cert: join(directory, "publisher.crt"), key: join(directory, "publisher.key") }
  const client = certificates.clients.publisher_one as Certificates.KeyPair
  writeFileSync(files.cert, client.cert)
  writeFileSync(files.key, client.key, { mode: 0o600 })
  const outgoing = recordOutgoing()

  const certificateOf = (username: string) => {
    const pair = certificates.clients[username] as Certificates.KeyPair
    return clientCertificate({ cert: pair.cert, key: Redacted.make(pair.key) }, { ca: certificates.ca.cert })
  }
  const accountAuth = (emulator: EmulatorHandle, role: "user" | "publisher" | "admin") =>
    emulator === pki
      ? certificateOf(emulator.accounts[role].username)
      : builtInUser({
          username: emulator.accounts[role].username,
          password: Redacted.make(emulator.accounts[role].password),
        })

  const items = new Map<EmulatorHandle, HostileItems>([
    [plain, await plantItems(plain, attacker.origin, accountAuth(plain, "user"))],
    [pki, await plantItems(pki, tlsAttacker.origin, accountAuth(pki, "user"))],
  ])
  const hosted = new Map<EmulatorHandle, HostedService>([
    [plain, await hostService(plain, accountAuth(plain, "publisher"))],
    [pki, await hostService(pki, accountAuth(pki, "publisher"))],
  ])
  // Planting is not part of any case: forget what it sent (its secrets stay learned).
  outgoing.requests.length = 0
  attacker.reset()
  tlsAttacker.reset()

  const seeded = (): Array<readonly [string, string]> => {
    const list: Array<readonly [string, string]> = []
    for (const emulator of [plain, secure, pki, allSsl]) {
      for (const [role, account] of Object.entries(emulator.accounts))
        list.push([`${role}'s password`, account.password])
      list.push(["the API key", emulator.apiKey], ["the OAuth client secret", emulator.app.clientSecret])
    }
    for (const [name, pair] of Object.entries(certificates.clients)) {
      const body = pair.key.split("\n").slice(1, -2).join("")
      list.push([`${name}'s private key`, body])
    }
    for (const token of issuedStaticTokens()) list.push(["the static token", token])
    list.push(["the proxy's password", proxyOptions.password])
    return list
  }

  return {
    plain,
    secure,
    pki,
    allSsl,
    certificates,
    attacker,
    tlsAttacker,
    redirecting,
    tlsRedirecting,
    outgoing,
    proxy,
    proxyOptions: { ...proxyOptions, host: proxy.host, port: proxy.port },
    credentialFiles: files,
    items,
    hosted,
    home: (kind) => (kind.pki ? pki : plain),
    https: (kind) => (kind.pki ? pki : secure),
    attackerOf: (kind) => (kind.pki ? tlsAttacker : attacker),
    redirectingOf: (kind) => (kind.pki ? tlsRedirecting : redirecting),
    secrets: () => [...seeded(), ...outgoing.secrets()],
    setGeocoder: (emulator, url) =>
      settle(
        Effect.gen(function* () {
          const transport = yield* Transport.Transport
          yield* transport.json({
            operation: "Test.setGeocoder",
            method: "POST",
            path: "portals/self/update",
            params: { helperServices: { geocode: [{ url, name: "Geocoder" }] } },
          })
        }).pipe(
          Effect.provide(
            Portal.layer({
              url: emulator.url,
              auth: accountAuth(emulator, "admin"),
              retry: RetryPolicy.none,
              timeout: 10_000,
            }),
          ),
        ),
      ),
    stop: async () => {
      outgoing.restore()
      await Promise.all([
        attacker.stop(),
        tlsAttacker.stop(),
        redirecting.stop(),
        tlsRedirecting.stop(),
        proxy.stop(),
        plain.stop(),
        secure.stop(),
        pki.stop(),
        allSsl.stop(),
      ])
      rmSync(directory, { recursive: true, force: true })
    },
  }
}

// ---------------------------------------------------------------------------------------------------------------
// What the cases ask of the world

/** Token exchanges (`generateToken` with a `serverUrl` on `origin`) among `requests` — what the SDK sent. */
export const exchangesFor = (requests: ReadonlyArray<Recorded>, origin: string): number =>
  requests.filter(
    (request) =>
      /\/generateToken$/i.test(new URL(request.url).pathname) &&
      (new URLSearchParams(request.body).get("serverUrl") ?? "").toLowerCase().startsWith(origin.toLowerCase()),
  ).length

/**
 * Everything the attacker got that it must not have, described without values: credentials in its requests, a
 * client certificate on any TLS connection, a token exchanged for its "server" since the outgoing request `mark`.
 * (The emulator's request log keeps paths only, so the exchange is seen on the client's side.)
 */
export const leaksTo = (world: World, attacker: Attacker, mark: number): Array<string> => {
  const leaks = credentialsIn(attacker.requests, world.secrets())
  const { withCertificate } = attacker.connections()
  if (withCertificate > 0) leaks.push(`a client certificate on ${withCertificate} TLS connection(s)`)
  const exchanges = exchangesFor(world.outgoing.since(mark), attacker.origin)
  if (exchanges > 0) leaks.push(`${exchanges} token exchange(s) for a server on the attacker`)
  return leaks
}
