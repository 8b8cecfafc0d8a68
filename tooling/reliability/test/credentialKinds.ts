/**
 * Every credential kind of the SDK, as the credential-boundary tests (issue 14) sign in with it: through the Effect
 * face (an `AuthStrategy`) and through the facade (`GIS.connect` options). PKCE plays the browser on the portal's
 * sign-in page; the static token is a real token the emulator issued; PKI uses the world's test certificates.
 */
import {
  type AuthorizationStorage,
  beginAuthorization,
  clientCredentials,
  completeAuthorization,
} from "@arcgis-portal/auth-oauth"
import { clientCertificate } from "@arcgis-portal/auth-pki"
import { throughProxy } from "@arcgis-portal/auth-proxy"
import { apiKey, builtInUser, staticToken } from "@arcgis-portal/auth-token"
import type { AuthStrategy } from "@arcgis-portal/core"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import type { Certificates } from "@arcgis-portal/emulator/testing"
import type { ConnectOptions } from "@arcgis-portal/gis"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import type { World } from "./boundaryWorld.ts"

/** Runs an effect; a failure rejects with the typed error itself (not a FiberFailure). */
export const settle = async <A, E>(effect: Effect.Effect<A, E>): Promise<A> => {
  const exit = await Effect.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) return exit.value
  throw Cause.squash(exit.cause)
}

/** What a promise settled to, for assertions on either outcome. */
export const outcome = async <A>(
  promise: Promise<A>,
): Promise<{ readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: TaggedError }> => {
  try {
    return { ok: true, value: await promise }
  } catch (error) {
    return { ok: false, error: error as TaggedError }
  }
}

export interface TaggedError {
  readonly _tag?: string
  readonly reason?: string
  readonly field?: string
  readonly message?: string
}

export type KindName =
  | "staticToken"
  | "apiKey"
  | "builtInUser"
  | "clientCredentials"
  | "pkce"
  | "pki"
  | "pkiThroughProxy"

/** Where a kind signs in, and through what. */
export interface Target {
  /** The emulator behind it all (accounts, app, API key). */
  readonly emulator: EmulatorHandle
  /** The portal URL the SDK is given: the emulator's, a redirecting portal's, `http://gis.example.test:…`. */
  readonly portalUrl: string
  /** The SDK's fetch (Portal.layer / GIS.connect `fetch`). */
  readonly fetch?: typeof globalThis.fetch | undefined
  /** The fetch the "browser" uses on the OAuth sign-in page (a rewriting one for gis.example.test). */
  readonly browserFetch?: typeof globalThis.fetch | undefined
  readonly allowInsecureHttp?: boolean | undefined
}

/** The facade's credential arguments of a kind (everything but `url`). */
export type FacadeCredentials = Omit<ConnectOptions, "url">

export interface Kind {
  readonly name: KindName
  /** Runs against the PKI emulator (https, client certificates) instead of the plain one. */
  readonly pki: boolean
  /** The path of the sign-in request, when the kind makes one. */
  readonly signIn: "generateToken" | "oauth2/token" | undefined
  /** The token answer says `ssl: true` on an `allSsl` portal. */
  readonly honorsSsl: boolean
  /** Acts as a user (not an app): reads org content, owns content. */
  readonly user: boolean
  /**
   * Its token is exchanged for a federated server's (`generateToken` with `serverUrl`). The emulator, as ArcGIS,
   * exchanges only a user's session token: not an API key, not an app's token.
   */
  readonly exchanges: boolean
  /** The Effect face's strategy (PKCE signs in here, through the browser page). */
  readonly strategy: (target: Target, world: World) => Promise<AuthStrategy.AuthStrategy>
  /** The facade's connect options (PKCE signs in inside `GIS.connect`, through `oauth.open`). */
  readonly facade: (target: Target, world: World) => Promise<FacadeCredentials>
}

const redirectUri = "http://127.0.0.1/callback"

const memoryStorage = (): AuthorizationStorage => {
  const entries = new Map<string, string>()
  return {
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
  }
}

/** Plays the browser on the portal's sign-in page; returns where the portal sends it back (the callback). */
export const browse = async (
  authorizeUrl: string,
  account: { readonly username: string; readonly password: string },
  browserFetch: typeof globalThis.fetch = globalThis.fetch,
): Promise<string> => {
  const html = await (await browserFetch(authorizeUrl)).text()
  const form = new URLSearchParams()
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(
      match[1] ?? "",
      (match[2] ?? "").replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))),
    )
  }
  form.set("username", account.username)
  form.set("password", account.password)
  form.set("action", "signin")
  const answer = await browserFetch(new URL("authorize", authorizeUrl), {
    method: "POST",
    body: form,
    redirect: "manual",
  })
  const location = answer.headers.get("location")
  if (answer.status !== 302 || location === null) throw new Error(`The sign-in page answered ${answer.status}`)
  return location
}

/** A token issued by `emulator` for the publisher, as a user would paste it (bound to the requesting IP). */
const staticTokens = new Map<EmulatorHandle, string>()

/** Every static token handed out so far (secrets the attacker must never see). */
export const issuedStaticTokens = (): ReadonlyArray<string> => [...staticTokens.values()]
export const staticTokenOf = async (emulator: EmulatorHandle): Promise<string> => {
  const known = staticTokens.get(emulator)
  if (known !== undefined) return known
  const answer = await fetch(`${emulator.restUrl}/generateToken`, {
    method: "POST",
    body: new URLSearchParams({
      f: "json",
      username: emulator.accounts.publisher.username,
      password: emulator.accounts.publisher.password,
      client: "requestip",
      expiration: "120",
    }),
  })
  const token = ((await answer.json()) as { token: string }).token
  staticTokens.set(emulator, token)
  return token
}

const publisher = (target: Target) => target.emulator.accounts.publisher
const pkiClient = (world: World) => world.certificates.clients.publisher_one as Certificates.KeyPair

/** Every credential kind of the SDK, in the order the matrix lists them. */
export const kinds: ReadonlyArray<Kind> = [
  {
    name: "staticToken",
    pki: false,
    signIn: undefined,
    honorsSsl: false,
    user: true,
    exchanges: true,
    strategy: async (target) => staticToken(Redacted.make(await staticTokenOf(target.emulator))),
    facade: async (target) => ({ token: await staticTokenOf(target.emulator) }),
  },
  {
    name: "apiKey",
    pki: false,
    signIn: undefined,
    honorsSsl: false,
    user: true,
    exchanges: false,
    strategy: async (target) => apiKey(Redacted.make(target.emulator.apiKey)),
    facade: async (target) => ({ apiKey: target.emulator.apiKey }),
  },
  {
    name: "builtInUser",
    pki: false,
    signIn: "generateToken",
    honorsSsl: true,
    user: true,
    exchanges: true,
    strategy: async (target) =>
      builtInUser({ username: publisher(target).username, password: Redacted.make(publisher(target).password) }),
    facade: async (target) => ({ username: publisher(target).username, password: publisher(target).password }),
  },
  {
    name: "clientCredentials",
    pki: false,
    signIn: "oauth2/token",
    honorsSsl: false,
    user: false,
    exchanges: false,
    strategy: async (target) =>
      clientCredentials({
        clientId: target.emulator.app.clientId,
        clientSecret: Redacted.make(target.emulator.app.clientSecret),
      }),
    facade: async (target) => ({
      auth: clientCredentials({
        clientId: target.emulator.app.clientId,
        clientSecret: Redacted.make(target.emulator.app.clientSecret),
      }),
    }),
  },
  {
    name: "pkce",
    pki: false,
    signIn: "oauth2/token",
    honorsSsl: true,
    user: true,
    exchanges: true,
    strategy: async (target) => {
      const storage = memoryStorage()
      const request = await settle(
        beginAuthorization({
          portalUrl: target.portalUrl,
          clientId: target.emulator.app.clientId,
          redirectUri,
          storage,
        }),
      )
      const callbackUrl = await browse(request.url, publisher(target), target.browserFetch)
      return settle(
        completeAuthorization({
          callbackUrl,
          storage,
          fetch: target.fetch,
          allowInsecureHttp: target.allowInsecureHttp,
        }),
      )
    },
    facade: async (target) => ({
      clientId: target.emulator.app.clientId,
      oauth: {
        timeout: 10_000,
        open: async (url: string) => {
          const callback = await browse(url, publisher(target), target.browserFetch)
          // The browser comes back to the loopback listener with the code.
          await (await fetch(callback)).text()
        },
      },
    }),
  },
  {
    name: "pki",
    pki: true,
    signIn: "generateToken",
    honorsSsl: true,
    user: true,
    exchanges: true,
    strategy: async (_, world) =>
      clientCertificate(
        { cert: pkiClient(world).cert, key: Redacted.make(pkiClient(world).key) },
        { ca: world.certificates.ca.cert },
      ),
    // No `ca`: the test CA is in Node's default store (see startWorld), as a corporate CA would be.
    facade: async (_, world) => ({ keyFile: world.credentialFiles.key, certFile: world.credentialFiles.cert }),
  },
  {
    // The client certificate tunnelled through an authenticating HTTP proxy (`throughProxy`): its public agent,
    // for every origin outside the boundary, must present no certificate.
    name: "pkiThroughProxy",
    pki: true,
    signIn: "generateToken",
    honorsSsl: true,
    user: true,
    exchanges: true,
    strategy: async (_, world) =>
      throughProxy(
        { ...world.proxyOptions, password: Redacted.make(world.proxyOptions.password) },
        clientCertificate(
          { cert: pkiClient(world).cert, key: Redacted.make(pkiClient(world).key) },
          { ca: world.certificates.ca.cert },
        ),
      ),
    facade: async (_, world) => ({
      keyFile: world.credentialFiles.key,
      certFile: world.credentialFiles.cert,
      proxy: { ...world.proxyOptions, password: Redacted.make(world.proxyOptions.password) },
    }),
  },
]

/** The kinds that `keep` selects, as `[name, kind]` pairs for generated test names. */
export const kindsWhere = (keep: (kind: Kind) => boolean) =>
  kinds.filter(keep).map((kind) => [kind.name, kind] as const)
