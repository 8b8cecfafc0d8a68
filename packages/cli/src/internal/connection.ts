/**
 * Which portal, signed in how: `--profile` (or `ARCGIS_PROFILE`, else `default`) and `--portal` become a URL and an
 * auth strategy, then the SDK's layers (`Portal.layer` and the feature services) for the command to run on. With
 * `--verbose`, every request is printed on stderr as it completes: method, path, status and the portal's error code
 * — never a query, a body, a header or a token. A refresh token the portal exchanged during the command is saved back
 * to its profile however the command ends.
 */
import { readFile } from "node:fs/promises"
import { pkce } from "@arcgis-portal/auth-oauth"
import { apiKey, builtInUser, staticToken } from "@arcgis-portal/auth-token"
import {
  type Auth,
  AuthStrategy,
  type Network,
  Portal,
  type PortalError,
  type PortalSelf,
  type Transport,
} from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { auth, usage } from "./errors.ts"
import { ProfileName, Verbose } from "./global-flags.ts"
import { Output } from "./output.ts"
import * as PortalUrls from "./portal-url.ts"
import * as Profiles from "./profiles.ts"

/** The portal a command talks to, and how it signs in. */
export interface Connection {
  readonly url: string
  readonly auth: AuthStrategy.AuthStrategy
  /** The profile it came from; `undefined` for an anonymous `--portal`. */
  readonly profile: Profiles.Loaded | undefined
}

/** What `Portal.layer` provides, and the feature layers of a command need. */
export type PortalServices = Portal.Portal | Transport.Transport | PortalSelf.PortalSelf | Auth.Auth

/** The same portal, however the user typed it (`https://host/portal/` and `https://HOST/portal/home` match). */
export const samePortal = (a: string, b: string): boolean => {
  const normalize = (text: string) => {
    try {
      const url = new URL(text)
      const path = url.pathname.replace(/\/(sharing\/rest|home)(\/.*)?$/i, "").replace(/\/+$/, "")
      return `${url.protocol}//${url.host.toLowerCase()}${path.toLowerCase()}`
    } catch {
      return text
    }
  }
  return normalize(a) === normalize(b)
}

const readCertificateFile = (path: string, what: string) =>
  Effect.tryPromise({
    try: () => readFile(path),
    catch: () =>
      auth(
        `cannot read the ${what} file ${path}`,
        "Sign in again with: arcgis-portal login --cert … --key … (or --pfx …)",
      ),
  })

/** The files of a client certificate (absolute paths) and the passphrase of its key or bundle, if any. */
export interface CertificateFiles {
  readonly cert?: string | undefined
  readonly key?: string | undefined
  readonly pfx?: string | undefined
  readonly ca?: string | undefined
  readonly passphrase?: Redacted.Redacted<string> | undefined
}

/**
 * The client-certificate strategy of a PKI profile (auth-pki is loaded only for these): a PEM certificate and key
 * (the key possibly encrypted), or a PKCS#12 bundle; the key, the bundle and the passphrase stay `Redacted`.
 */
export const certificateStrategy = (files: CertificateFiles) =>
  Effect.gen(function* () {
    const ca =
      files.ca === undefined ? undefined : (yield* readCertificateFile(files.ca, "CA certificate")).toString("utf8")
    const { clientCertificate } = yield* Effect.promise(() => import("@arcgis-portal/auth-pki"))
    const options = ca === undefined ? {} : { ca }
    if (files.pfx !== undefined) {
      const pfx = new Uint8Array(yield* readCertificateFile(files.pfx, "PKCS#12"))
      return clientCertificate({ pfx: Redacted.make(pfx), passphrase: files.passphrase }, options)
    }
    if (files.cert === undefined || files.key === undefined)
      return yield* usage("a client certificate needs --cert and --key, or --pfx")
    const cert = (yield* readCertificateFile(files.cert, "certificate")).toString("utf8")
    const key = Redacted.make((yield* readCertificateFile(files.key, "key")).toString("utf8"))
    return clientCertificate({ cert, key, passphrase: files.passphrase }, options)
  })

/** The strategy a saved profile signs in with. */
export const strategyOf = (profile: Profiles.Loaded) =>
  Effect.gen(function* () {
    const secret = profile.secret
    const missing = () =>
      auth(`profile "${profile.name}" has no secret`, `Sign in again: arcgis-portal login --profile ${profile.name}`)
    switch (profile.auth) {
      case "builtInUser":
        if (secret === undefined) return yield* missing()
        return builtInUser({ username: profile.username ?? "", password: secret })
      case "apiKey":
        if (secret === undefined) return yield* missing()
        return apiKey(secret)
      case "token":
        if (secret === undefined) return yield* missing()
        return staticToken(secret, { expires: profile.expires, username: profile.username })
      case "oauth":
        if (secret === undefined) return yield* missing()
        return pkce({
          clientId: profile.clientId ?? "",
          redirectUri: profile.redirectUri ?? "http://127.0.0.1/callback",
          refreshToken: secret,
          refreshTokenExpires: profile.refreshTokenExpires,
          username: profile.username,
        })
      case "pki":
        return yield* certificateStrategy({
          cert: profile.certFile,
          key: profile.keyFile,
          pfx: profile.pfxFile,
          ca: profile.caFile,
          passphrase: secret,
        })
    }
  })

/**
 * Resolves the connection of this command line:
 * - `--profile` (or `ARCGIS_PROFILE`): that profile; with `--portal` too, both must name the same portal (a profile's
 *   credentials never go to another host).
 * - `--portal` alone: the `default` profile when it is for that portal, otherwise anonymous.
 * - neither: the `default` profile, or exit code 3 with a hint to sign in.
 * A portal URL with a user name or password in it, given or saved, is refused (exit code 2; `portal-url.ts`).
 */
export const resolve = Effect.gen(function* () {
  const portalFlag = yield* PortalUrls.portalFlag
  const profileFlag = Option.getOrUndefined(yield* ProfileName)
  if (profileFlag !== undefined || portalFlag === undefined) {
    const profile = yield* Profiles.load(profileFlag ?? Profiles.defaultName)
    if (portalFlag !== undefined && !samePortal(portalFlag, profile.url))
      return yield* usage(
        `profile "${profile.name}" is for ${profile.url}, not ${portalFlag}`,
        "Drop --portal, or sign in to that portal with its own --profile.",
      )
    return { url: profile.url, auth: yield* strategyOf(profile), profile } satisfies Connection
  }
  const fallback = yield* Effect.catch(Profiles.load(Profiles.defaultName), () => Effect.succeed(undefined))
  if (fallback !== undefined && samePortal(portalFlag, fallback.url))
    return { url: fallback.url, auth: yield* strategyOf(fallback), profile: fallback } satisfies Connection
  return { url: portalFlag, auth: AuthStrategy.anonymous, profile: undefined } satisfies Connection
})

/** A fetch that prints `METHOD path → status` (and the portal's error code) on stderr as each request completes. */
export const verboseFetch =
  (inner: typeof globalThis.fetch, write: (line: string) => void): typeof globalThis.fetch =>
  async (input, init) => {
    const started = performance.now()
    const request = input instanceof Request ? input : undefined
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase()
    let path = "?"
    try {
      path = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url).pathname
    } catch {
      // not a URL: printed as "?"
    }
    const elapsed = () => `${Math.round(performance.now() - started)} ms`
    try {
      const response = await inner(input, init)
      let portalError = ""
      const length = Number(response.headers.get("content-length") ?? "0")
      if ((response.headers.get("content-type") ?? "").includes("json") && length < 1_048_576) {
        try {
          const body = (await response.clone().json()) as { error?: { code?: unknown; messageCode?: unknown } }
          if (body?.error !== undefined && typeof body.error === "object") {
            const code = typeof body.error.code === "number" ? ` ${body.error.code}` : ""
            const messageCode = typeof body.error.messageCode === "string" ? ` ${body.error.messageCode}` : ""
            portalError = ` (portal error${code}${messageCode})`
          }
        } catch {
          // not JSON after all
        }
      }
      write(`${method} ${path} → ${response.status}${portalError} ${elapsed()}`)
      return response
    } catch (error) {
      const code = (error as { cause?: { code?: unknown } }).cause?.code
      write(`${method} ${path} → failed${typeof code === "string" ? ` (${code})` : ""} ${elapsed()}`)
      throw error
    }
  }

const verboseNetwork = (network: Network.NetworkShape, write: (line: string) => void): Network.NetworkShape => ({
  name: `verbose(${network.name})`,
  trusted: verboseFetch(network.trusted, write),
  public: verboseFetch(network.public, write),
  tlsIdentity: network.tlsIdentity,
})

/**
 * `Portal.layer`'s `instrument` for `--verbose`: whichever network the connection uses (a client certificate's, a
 * proxy's, the direct one) prints each request on stderr, after `[<label>]` (`clone` labels its source's requests
 * `source request`). `undefined` when not verbose.
 */
export const verboseInstrument = (
  verbose: boolean,
  label = "request",
): ((network: Network.NetworkShape) => Network.NetworkShape) | undefined =>
  verbose ? (network) => verboseNetwork(network, (line) => process.stderr.write(`[${label}] ${line}\n`)) : undefined

const userAgent = "arcgis-portal-cli"

/** The SDK's layers for a connection: `Portal.layer`, and on it the feature services a command uses. */
export const layer = <F, FE>(
  connection: Connection,
  verbose: boolean,
  features: Layer.Layer<F, FE, PortalServices>,
): Layer.Layer<F | PortalServices, FE | PortalError.InvalidInput> => {
  const portal = Portal.layer({
    url: connection.url,
    auth: connection.auth,
    userAgent,
    instrument: verboseInstrument(verbose),
  })
  return features.pipe(Layer.provideMerge(portal))
}

/**
 * Saves a refresh token the portal exchanged during the command, so the next command signs in with the new one —
 * for the command's own connection and for `clone`'s source alike. Run on every exit (the old refresh token is
 * revoked by the exchange): a save that fails is a one-line warning on stderr, never the token.
 */
export const persistSession = (connection: Pick<Connection, "profile" | "auth">) =>
  Effect.gen(function* () {
    const profile = connection.profile
    const session = (
      connection.auth as {
        session?: () => { refreshToken: Redacted.Redacted<string>; refreshTokenExpires: number | undefined } | undefined
      }
    ).session
    if (profile === undefined || profile.auth !== "oauth" || session === undefined) return
    const current = session()
    if (current === undefined || profile.secret === undefined) return
    if (Redacted.value(current.refreshToken) === Redacted.value(profile.secret)) return
    const output = yield* Output
    yield* Profiles.rotateRefreshToken(profile.name, current).pipe(
      Effect.catch((error) =>
        output.note(
          `arcgis-portal: warning: the renewed sign-in of profile "${profile.name}" could not be saved (${error.message}); ` +
            `if the next command is refused, sign in again: arcgis-portal login --profile ${profile.name}`,
        ),
      ),
    )
  })

/**
 * Runs `program` against the portal of this command line with the feature services of `features` (only the SDK
 * packages a command uses are loaded): resolves the connection, provides the layers, and keeps a refreshed OAuth
 * session however the program ends — done, failed or interrupted.
 */
export const withPortal = <F, FE, A, E, R>(
  features: Layer.Layer<F, FE, PortalServices>,
  program: (connection: Connection) => Effect.Effect<A, E, R>,
) =>
  Effect.gen(function* () {
    const connection = yield* resolve
    const verbose = yield* Verbose
    return yield* program(connection).pipe(
      Effect.provide(layer(connection, verbose, features)),
      Effect.mapError((error) =>
        typeof error === "object" &&
        error !== null &&
        (error as { _tag?: unknown })._tag === "InvalidInput" &&
        (error as { field?: unknown }).field === "url"
          ? usage(`not a portal URL: ${connection.url}`)
          : error,
      ),
      Effect.ensuring(persistSession(connection)),
    )
  })
