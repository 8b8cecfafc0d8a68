/**
 * Client-certificate (PKI) authentication: every request is sent over a mutual-TLS connection that
 * presents your certificate, as a portal behind a PKI-enabled web adaptor requires. A token is then
 * obtained with `generateToken` over that connection, with no password (or by an `inner` strategy).
 * The certificate is a PEM certificate and key — the key possibly encrypted (PKCS#8 with a passphrase) —
 * or a PKCS#12 bundle (`.p12`/`.pfx`) with its passphrase; the key, the bundle and the passphrase are
 * revealed only to Node's TLS, never to a log, an error or a rendering.
 *
 * @see https://enterprise.arcgis.com/en/portal/latest/administer/windows/use-lds-and-pki-to-secure-access-to-your-portal.htm
 * @see arcgis.gis.GIS(url, cert_file=..., key_file=...) (Python: `PKIAuth`)
 * @module
 */
import { createSecureContext } from "node:tls"
import { AuthStrategy as Contract, Network, PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { Agent } from "undici"

type AuthStrategy = Contract.AuthStrategy

/** A value given either plainly or wrapped in `Redacted` (preferred for secrets). */
export type Secret<A> = A | Redacted.Redacted<A>

/** PEM text or its bytes. */
export type Pem = string | Uint8Array

/**
 * The client certificate: PEM certificate and private key (the key may be encrypted: `-----BEGIN ENCRYPTED PRIVATE
 * KEY-----`, with its `passphrase`), or a PKCS#12 (`.pfx`/`.p12`) bundle and its passphrase.
 */
export type Credentials =
  | {
      readonly cert: Pem
      readonly key: Secret<Pem>
      /** The private key's passphrase, if it is encrypted. */
      readonly passphrase?: Secret<string> | undefined
    }
  | {
      readonly pfx: Secret<Uint8Array>
      /** The bundle's passphrase (the one it was exported with). */
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
   * that also wants a built-in user's credentials). Its own `transport`, if any, is replaced.
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

const bytes = (value: Pem): string | Buffer => (typeof value === "string" ? value : Buffer.from(value))
const reveal = <A>(value: Secret<A>): A => (Redacted.isRedacted(value) ? Redacted.value(value) : value)

/** TLS failures that mean the server refused our certificate (a TLS alert it sent). */
const refusedCertificate =
  /ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNKNOWN_CA|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED|ACCESS_DENIED|HANDSHAKE_FAILURE)$/

const codesOf = (error: unknown): Array<string> => {
  const codes: Array<string> = []
  let current: unknown = error
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === "string") codes.push(code)
    current = (current as { cause?: unknown }).cause
  }
  return codes
}

/** OpenSSL's answers to a key or bundle that the passphrase given (or its absence) does not decrypt. */
const decryptionFailure =
  /BAD_DECRYPT|MAC_VERIFY_FAILURE|PKCS12_CIPHERFINAL_ERROR|INTERRUPTED_OR_CANCELLED|bad decrypt|mac verify failure/i

/**
 * Loads the identity into a TLS context once, when the layer is built, so that a key the passphrase does not decrypt
 * fails there — an `InvalidInput` on the `passphrase` that says so — rather than as a connection failure at the first
 * request. The message is ours: OpenSSL's never reaches the caller. Other problems (a certificate that does not match
 * its key) are left to the handshake, which reports them as the TLS errors they are.
 */
const checkDecryption = (credentials: Credentials, identity: Readonly<Record<string, unknown>>) =>
  Effect.suspend(() => {
    try {
      createSecureContext(identity)
      return Effect.void
    } catch (error) {
      const text = `${codesOf(error).join(" ")} ${error instanceof Error ? error.message : ""}`
      if (!decryptionFailure.test(text)) return Effect.void
      const what = "pfx" in credentials ? "The PKCS#12 bundle" : "The client certificate's private key"
      return Effect.fail(
        new PortalError.InvalidInput({
          operation: "ClientCertificate.layer",
          field: "passphrase",
          message:
            credentials.passphrase === undefined
              ? `${what} could not be decrypted: it is protected by a passphrase, and none was given.`
              : `${what} could not be decrypted: the passphrase is wrong.`,
        }),
      )
    }
  })

/**
 * The `Network` that presents the client certificate: a scoped layer whose undici agents (one per origin, made on
 * first use) are closed when its scope ends. Its `trusted` fetch — the only one that presents the certificate — is
 * used by core for the portal and the servers inside the credential boundary alone; its `public` fetch is the
 * global one. A handshake the portal refuses (no or wrong certificate) fails with a `TransportError` whose reason
 * is `Tls`. A key or PKCS#12 bundle the passphrase does not decrypt fails the layer's construction with an
 * `InvalidInput` whose `field` is `passphrase` (nothing is sent). `clientCertificate(...)` brings this layer with it;
 * provide it yourself to present the certificate under another strategy
 * (`Portal.layer({ url, auth }).pipe(Layer.provide(ClientCertificate.layer(...)))`).
 */
export const layer = (
  credentials: Credentials,
  options: Pick<Options, "ca" | "verifyCert"> = {},
): Layer.Layer<Network.Network, PortalError.InvalidInput> => {
  const verify = options.verifyCert !== false
  const tlsIdentity: Network.TlsIdentity = () => {
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
  const open = Effect.sync(() => {
    const agents = new Map<string, Agent>()
    let closed = false
    const trusted: typeof globalThis.fetch = async (input, init) => {
      const origin = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url).origin
      let agent = agents.get(origin)
      if (agent === undefined) {
        if (closed) throw new Error("The client-certificate transport was closed with its scope.")
        agent = new Agent({ connect: tlsIdentity() })
        agents.set(origin, agent)
      }
      try {
        return await globalThis.fetch(input, { ...init, dispatcher: agent } as RequestInit)
      } catch (error) {
        const refused = codesOf(error).find((code) => refusedCertificate.test(code))
        if (refused !== undefined) {
          throw Network.tlsRefused(
            `The server refused the client certificate (${refused}): check that it is the right one and that the portal trusts its issuer.`,
          )
        }
        throw error
      }
    }
    const network: Network.NetworkShape = {
      name: "clientCertificate",
      trusted,
      public: (input, init) => globalThis.fetch(input, init),
      tlsIdentity,
    }
    return {
      network,
      close: Effect.promise(() => {
        closed = true
        const all = [...agents.values()]
        agents.clear()
        return Promise.all(all.map((agent) => agent.close().catch(() => undefined)))
      }),
    }
  })
  return Layer.effect(
    Network.Network,
    Effect.gen(function* () {
      if (!verify) {
        yield* Effect.logWarning(
          "clientCertificate: verifyCert is false, so the portal's server certificate is not verified; anyone on the network path could impersonate the portal.",
        )
      }
      yield* checkDecryption(credentials, tlsIdentity())
      const opened = yield* Effect.acquireRelease(open, (state) => state.close)
      return opened.network
    }),
  )
}

/**
 * A strategy whose requests present a client certificate over mutual TLS (it brings {@link layer} as its
 * `transport`), and which obtains a token with `generateToken` over that connection (no password), or through
 * `options.inner`.
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
    inner !== undefined ? inner.acquire : options.token === false ? undefined : generateToken

  return {
    name: inner === undefined ? "clientCertificate" : `clientCertificate(${inner.name})`,
    acquire,
    authorize: inner?.authorize,
    forServer: inner?.forServer,
    transport: layer(credentials, options),
  }
}
