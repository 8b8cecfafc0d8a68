/**
 * Client-certificate (PKI) authentication: every request is sent over a mutual-TLS connection that
 * presents your certificate, as a portal behind a PKI-enabled web adaptor requires. A token is then
 * obtained with `generateToken` over that connection, with no password (or by an `inner` strategy).
 *
 * @see https://enterprise.arcgis.com/en/portal/latest/administer/windows/use-lds-and-pki-to-secure-access-to-your-portal.htm
 * @see arcgis.gis.GIS(url, cert_file=..., key_file=...) (Python: `PKIAuth`)
 */
import { AuthStrategy as Contract } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { Agent } from "undici"

type AuthStrategy = Contract.AuthStrategy

/** A value given either plainly or wrapped in `Redacted` (preferred for secrets). */
export type Secret<A> = A | Redacted.Redacted<A>

/** PEM text or its bytes. */
export type Pem = string | Uint8Array

/** The client certificate: PEM certificate and private key, or a PKCS#12 (`.pfx`/`.p12`) bundle. */
export type Credentials =
  | {
      readonly cert: Pem
      readonly key: Secret<Pem>
      /** The private key's passphrase, if it is encrypted. */
      readonly passphrase?: Secret<string> | undefined
    }
  | {
      readonly pfx: Secret<Uint8Array>
      readonly passphrase?: Secret<string> | undefined
    }

/** Options of {@link clientCertificate}. */
export interface Options {
  /** The certificate authorities to trust for the portal's server certificate. Default: Node's. */
  readonly ca?: Pem | ReadonlyArray<Pem> | undefined
  /**
   * `false` skips verifying the portal's server certificate (a self-signed test portal). A warning
   * is logged once (an Effect log): anyone on the network path could impersonate the portal.
   * Default `true`.
   */
  readonly verifyCert?: boolean | undefined
  /**
   * Obtain tokens with this strategy instead of `generateToken` without a password (for a portal
   * that also wants a built-in user's credentials). Its own `fetch`, if any, is replaced.
   */
  readonly inner?: AuthStrategy | undefined
  /**
   * `false` for certificate-only use: no token is acquired, every request is authenticated by the
   * certificate alone. Default `true`. Ignored when `inner` is given.
   */
  readonly token?: boolean | undefined
  /** Minutes a `generateToken` token should last. Default 60. */
  readonly expirationMinutes?: number | undefined
}

/**
 * Where a strategy exposes its TLS connect options (certificate, key, CA) so that a wrapping
 * transport — a proxy tunnel — can present the same certificate. A function, so that no rendering
 * of the strategy ever shows a key.
 */
export const tlsOptionsKey: unique symbol = Symbol.for("@arcgis-portal/auth/tlsOptions") as never

const bytes = (value: Pem): string | Buffer => (typeof value === "string" ? value : Buffer.from(value))
const reveal = <A>(value: Secret<A>): A => (Redacted.isRedacted(value) ? Redacted.value(value) : value)

/**
 * A strategy whose requests present a client certificate over mutual TLS, and which obtains a
 * token with `generateToken` over that connection (no password), or through `options.inner`.
 *
 * @example
 * import { readFileSync } from "node:fs"
 * import { Portal } from "@arcgis-portal/core"
 * import { clientCertificate } from "@arcgis-portal/auth-pki"
 * import * as Redacted from "effect/Redacted"
 *
 * const PortalLive = Portal.layer({
 *   url: "https://portal.example.com/portal",
 *   auth: clientCertificate(
 *     { cert: readFileSync("me.crt", "utf8"), key: Redacted.make(readFileSync("me.key", "utf8")) },
 *     { ca: readFileSync("corp-ca.pem", "utf8") },
 *   ),
 * })
 */
export const clientCertificate = (credentials: Credentials, options: Options = {}): AuthStrategy => {
  const verify = options.verifyCert !== false
  const tls = (): Record<string, unknown> => {
    const passphrase = credentials.passphrase === undefined ? {} : { passphrase: reveal(credentials.passphrase) }
    const identity =
      "pfx" in credentials
        ? { pfx: Buffer.from(reveal(credentials.pfx)), ...passphrase }
        : { cert: bytes(credentials.cert), key: bytes(reveal(credentials.key)), ...passphrase }
    const ca =
      options.ca === undefined
        ? {}
        : {
            ca:
              typeof options.ca === "string" || options.ca instanceof Uint8Array
                ? [bytes(options.ca)]
                : options.ca.map(bytes),
          }
    return { ...identity, ...ca, rejectUnauthorized: verify }
  }

  // One agent per origin, and only for the origins core's credential boundary trusts (it calls `fetch` for those
  // alone; every other host is reached with the global fetch, so the certificate is never presented there).
  const agents = new Map<string, Agent>()
  const fetch: typeof globalThis.fetch = (input, init) => {
    const origin = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url).origin
    let agent = agents.get(origin)
    if (agent === undefined) {
      agent = new Agent({ connect: tls() })
      agents.set(origin, agent)
    }
    return globalThis.fetch(input, { ...init, dispatcher: agent } as RequestInit)
  }

  let warned = false
  const warnOnce = Effect.suspend(() => {
    if (verify || warned) return Effect.void
    warned = true
    return Effect.logWarning(
      "clientCertificate: verifyCert is false, so the portal's server certificate is not verified; anyone on the network path could impersonate the portal.",
    )
  })

  const inner = options.inner
  const expiration = options.expirationMinutes ?? 60
  const generateToken: NonNullable<AuthStrategy["acquire"]> = (context) =>
    Effect.flatMap(
      context.send({
        operation: "ClientCertificate.generateToken",
        method: "POST",
        path: "generateToken",
        // No username or password: the certificate presented on this connection identifies the user.
        params: { client: "referer", referer: new URL(context.restUrl).origin, expiration },
        credentials: "none",
      }),
      (body) =>
        Effect.map(
          Contract.decodeTokenResponse(
            Contract.GenerateTokenResponse,
            "ClientCertificate.generateToken",
            "generateToken",
          )(body),
          (decoded) => ({
            token: Redacted.make(decoded.token),
            expires: decoded.expires,
            ssl: Contract.sslOf(decoded.ssl),
          }),
        ),
    )

  const acquire: AuthStrategy["acquire"] =
    inner !== undefined
      ? inner.acquire === undefined
        ? undefined
        : (context) => Effect.andThen(warnOnce, inner.acquire!(context))
      : options.token === false
        ? undefined
        : (context) => Effect.andThen(warnOnce, generateToken(context))

  const strategy: AuthStrategy = {
    name: inner === undefined ? "clientCertificate" : `clientCertificate(${inner.name})`,
    acquire,
    authorize: inner?.authorize,
    forServer: inner?.forServer,
    fetch,
  }
  Object.defineProperty(strategy, tlsOptionsKey, { value: tls, enumerable: false })
  return strategy
}
