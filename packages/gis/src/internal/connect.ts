/**
 * What every `connect` shares (the content entry's, the main entry's, the Node entry's): the credential arguments
 * they all take (`apiKey`, `token`), and making the connection — the credentials resolved into a strategy, the
 * runtime built from the entry's layer, `portals/self` read once so a wrong URL or credential rejects in `connect`
 * (as Python's constructor does).
 */
import { apiKey, staticToken } from "@arcgis-portal/auth-token"
import { type AuthStrategy, Portal, type PortalError, PortalSelf } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type * as Redacted from "effect/Redacted"
import type { ContentLayerOptions, ContentServices } from "../ContentLayer.ts"
import { secret } from "./inputs.ts"
import { type FileSystem, runOn, type Session } from "./session.ts"

/** What a connection resolved its options to. */
export interface Resolved {
  readonly url: string | undefined
  readonly auth: AuthStrategy.AuthStrategy
}

/** Turns an entry's options into a URL and a strategy. */
export type AuthResolver<O> = (options: O) => Promise<Resolved>

/**
 * The credential arguments only the main entry takes (the content entry refuses them, naming the first one given, in
 * this order).
 */
export const mainEntryCredentials = [
  "username",
  "password",
  "clientId",
  "oauth",
  "keyFile",
  "certFile",
  "verifyCert",
  "proxy",
  "profile",
] as const

/**
 * The arguments of `connect` that only choose the credentials: never handed on to the layer, so a password or a
 * key never sits in a layer's options.
 */
const credentialArguments: ReadonlySet<string> = new Set([...mainEntryCredentials, "apiKey", "token"])

/** The token arguments every entry takes: an API key, else a token obtained elsewhere; `undefined` without either. */
export const tokenCredentials = (options: {
  readonly apiKey?: string | Redacted.Redacted<string> | undefined
  readonly token?: string | Redacted.Redacted<string> | undefined
}): AuthStrategy.AuthStrategy | undefined => {
  if (options.apiKey !== undefined) return apiKey(secret(options.apiKey))
  if (options.token !== undefined) return staticToken(secret(options.token))
  return undefined
}

/**
 * Builds a connection: resolves the credentials, makes the runtime from the entry's `layer`, and reads
 * `portals/self` once (every service and the credential boundary reuse it).
 */
export const connectWith = async <O extends object, R, G>(
  options: O,
  resolve: AuthResolver<O>,
  files: FileSystem | undefined,
  layer: (options: ContentLayerOptions) => Layer.Layer<R | ContentServices, PortalError.InvalidInput>,
  construct: (session: Session<R | ContentServices>) => G,
): Promise<G> => {
  const resolved = await resolve(options)
  const layerOptions = Object.fromEntries(Object.entries(options).filter(([key]) => !credentialArguments.has(key)))
  // The entry's own layer options (`timeout`, `trustedServers`, `server`…) as the caller gave them.
  const runtime = ManagedRuntime.make(
    layer({ ...(layerOptions as ContentLayerOptions), url: resolved.url, auth: resolved.auth }),
  )
  try {
    const portalUrl = await runOn(
      runtime,
      Effect.gen(function* () {
        const portal = yield* Portal.Portal
        yield* (yield* PortalSelf.PortalSelf).get("GIS.connect")
        return portal.portalUrl
      }),
    )
    return construct({ runtime, files, portalUrl })
  } catch (error) {
    await runtime.dispose()
    throw error
  }
}
