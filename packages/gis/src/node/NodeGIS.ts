/**
 * `GIS` for Node: resolves the Node-only constructor arguments into auth strategies and gives the
 * connection a file system for Python's path arguments. PKI (`keyFile`/`certFile`) and `proxy` need
 * `@arcgis-portal/auth-pki` and `@arcgis-portal/auth-proxy` (optional peer dependencies, which pull in
 * undici): they are loaded only when those arguments are given.
 *
 * @see arcgis.gis.GIS
 */
import { readFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { basename, join } from "node:path"
import { loopback } from "@arcgis-portal/auth-oauth/node"
import { fromProfile, Profiles } from "@arcgis-portal/auth-token/node"
import { type AuthStrategy, Portal, PortalError } from "@arcgis-portal/core"
import { NodeFiles } from "@arcgis-portal/core/node"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import { GIS as BaseGIS, type ConnectOptions, credentials, observed } from "../GIS.ts"
import { gisLayer } from "../GisLayer.ts"
import { type AuthResolver, connectWith } from "../internal/connect.ts"
import { observedNetwork } from "../internal/observe.ts"
import type { FileSystem } from "../internal/session.ts"

/**
 * A Node-only plugin package, loaded when its argument is given: a user who never passes `keyFile` or `proxy`
 * needs neither installed. Missing, it is an `InvalidInput` saying what to install.
 */
const plugin = async <M>(name: string, field: string, load: () => Promise<M>): Promise<M> => {
  try {
    return await load()
  } catch (error) {
    if (!isMissing(error, name)) throw error
    throw new PortalError.InvalidInput({
      operation: "GIS.connect",
      field,
      message: `"${field}" needs ${name}: npm install ${name} (an optional peer dependency of @arcgis-portal/gis).`,
    })
  }
}

/**
 * Whether an import failed because the package `name` itself is not installed — not a failure inside it (one of
 * its own dependencies missing). Loaders that wrap the error (test runners, TypeScript runners) keep it as `cause`.
 */
const isMissing = (error: unknown, name: string, depth = 0): boolean => {
  if (depth > 3 || typeof error !== "object" || error === null) return false
  const { code, message, cause } = error as {
    readonly code?: unknown
    readonly message?: unknown
    readonly cause?: unknown
  }
  const missing = code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND"
  return (missing && typeof message === "string" && message.includes(`'${name}'`)) || isMissing(cause, name, depth + 1)
}

const loadPki = () => plugin("@arcgis-portal/auth-pki", "keyFile", () => import("@arcgis-portal/auth-pki"))
const loadProxy = () => plugin("@arcgis-portal/auth-proxy", "proxy", () => import("@arcgis-portal/auth-proxy"))

const settle = async <A, E>(effect: Effect.Effect<A, E>): Promise<A> => {
  const exit = await Effect.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) return exit.value
  throw Cause.squash(exit.cause)
}

const unsafeName = (name: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  name === "" || name === "." || name === ".." || /[/\\\u0000-\u001f]/.test(name)

/** Python's paths: files read lazily from disk, downloads written to a temporary file then renamed. */
export const nodeFiles: FileSystem = {
  read: (path) =>
    Effect.map(NodeFiles.blobFromPath(path), (blob) => new File([blob], basename(path), { type: blob.type })),
  write: (stream, folder, name) =>
    unsafeName(name)
      ? Effect.fail(
          new PortalError.InvalidInput({
            operation: "GIS.download",
            field: "fileName",
            message: "The file name to write is not a plain file name.",
          }),
        )
      : Effect.gen(function* () {
          const path = join(folder ?? tmpdir(), name)
          yield* NodeFiles.writeFile(stream, path)
          return path
        }),
}

const readPem = (field: string, path: string) =>
  readFile(path, "utf8").catch(() => {
    throw new PortalError.InvalidInput({ operation: "GIS.connect", field, message: `Cannot read the ${field}.` })
  })

/** Every constructor argument, Node-only ones included. */
export const resolveNodeAuth: AuthResolver<ConnectOptions> = async (options) => {
  if (options.auth !== undefined) return { url: options.url, auth: options.auth }
  let url = options.url
  let auth: AuthStrategy.AuthStrategy
  if (options.profile !== undefined) {
    // A certificate profile signs in with auth-pki's clientCertificate (an optional peer): loaded only for one.
    const kind = (await settle(Profiles.load(options.profile))).auth
    const profile = await settle(
      fromProfile(options.profile, kind === "pki" ? { clientCertificate: (await loadPki()).clientCertificate } : {}),
    )
    url ??= profile.url
    auth = profile.auth
  } else if (options.keyFile !== undefined || options.certFile !== undefined) {
    if (options.keyFile === undefined || options.certFile === undefined) {
      throw new PortalError.InvalidInput({
        operation: "GIS.connect",
        field: options.keyFile === undefined ? "keyFile" : "certFile",
        message: "PKI needs both keyFile and certFile.",
      })
    }
    const [cert, key] = await Promise.all([readPem("certFile", options.certFile), readPem("keyFile", options.keyFile)])
    const inner =
      options.username !== undefined ? await credentials({ ...options, clientId: undefined }, never) : undefined
    const { clientCertificate } = await loadPki()
    auth = clientCertificate(
      { cert, key: Redacted.make(key) },
      { verifyCert: options.verifyCert ?? true, ...(inner === undefined ? {} : { inner }) },
    )
  } else {
    if (options.verifyCert === false) {
      throw new PortalError.InvalidInput({
        operation: "GIS.connect",
        field: "verifyCert",
        message: "verifyCert: false is only supported together with keyFile/certFile.",
      })
    }
    const exchange = loopback({
      portalUrl: url ?? Portal.arcgisOnline,
      clientId: options.clientId ?? "",
      open: options.oauth?.open,
      port: options.oauth?.port,
      timeout: options.oauth?.timeout,
      expiration: options.oauth?.expiration,
      fetch: options.fetch === undefined ? undefined : observed(options, options.fetch),
      allowInsecureHttp: options.allowInsecureHttp,
    })
    // The code exchange goes the way every other request of this connection goes: through the proxy's `Network`
    // (its agents closed once the exchange is done), unless the caller passed its own fetch; `onRequest` hears it.
    auth = await credentials(options, async () => {
      if (options.fetch !== undefined) return settle(exchange)
      const proxy = options.proxy === undefined ? undefined : (await loadProxy()).ThroughProxy.layer(options.proxy)
      if (options.onRequest !== undefined) {
        return settle(Effect.provide(exchange, observedNetwork(options.onRequest, proxy)))
      }
      return settle(proxy === undefined ? exchange : Effect.provide(exchange, proxy))
    })
  }
  if (options.proxy !== undefined) auth = (await loadProxy()).throughProxy(options.proxy, auth)
  return { url, auth }
}

const never = () => Promise.reject(new Error("unreachable"))

/**
 * A connection to a portal, with every Python constructor argument and file paths.
 *
 * @see arcgis.gis.GIS
 * @example
 * import { GIS } from "@arcgis-portal/gis/node"
 * const gis = await GIS.connect({ url: "https://host/portal", keyFile: "me.key", certFile: "me.crt" })
 * // (`keyFile`/`certFile` need `npm install @arcgis-portal/auth-pki`, `proxy` `npm install @arcgis-portal/auth-proxy`)
 */
export class GIS extends BaseGIS {
  /**
   * Connects to a portal and signs in: PKI (`keyFile`/`certFile`, `verifyCert`), `proxy`,
   * `profile`, `clientId` (a browser sign-in received on 127.0.0.1), and everything the main
   * entry takes.
   *
   * @see arcgis.gis.GIS
   */
  static override connect(options: ConnectOptions = {}): Promise<GIS> {
    return connectWith(options, resolveNodeAuth, nodeFiles, gisLayer, (session) => new GIS(session))
  }
}
