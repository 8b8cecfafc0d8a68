/**
 * The source portal of `clone` (`--from`): a saved profile, signed in with that profile's own credentials, or a portal
 * URL read anonymously. Its layer is a `Portal.layer` of its own (with the `Groups` service, to find source groups
 * by title), so the source's credentials only ever go to the source and the target's only to the target. With
 * `--verbose` its requests are printed as `[source request] …`. A refresh token the source's OAuth session exchanged
 * during the clone is saved back to its profile, as the target's is. A URL with a user name or password in it is
 * refused before it is used or printed (`portal-url.ts`).
 */
import { AuthStrategy, Portal, type PortalError } from "@arcgis-portal/core"
import { Groups } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import {
  type PortalServices,
  persistSession as persistConnectionSession,
  strategyOf,
  verboseInstrument,
} from "./connection.ts"
import { usage } from "./errors.ts"
import * as PortalUrls from "./portal-url.ts"
import * as Profiles from "./profiles.ts"

/** Where the items come from, and how to sign in there. */
export interface Source {
  readonly url: string
  readonly auth: AuthStrategy.AuthStrategy
  /** The profile it came from; `undefined` for an anonymous URL. */
  readonly profile: Profiles.Loaded | undefined
  /** How the source is named in plans and summaries: `staging (https://…)` or `https://… (anonymous)`. */
  readonly label: string
}

const isUrl = (text: string) => /^https?:\/\//i.test(text)

/** `--from`: a URL (anonymous) or a profile name (its own credentials). */
export const resolve = (from: string) =>
  Effect.gen(function* () {
    const trimmed = from.trim()
    if (trimmed === "") return yield* usage("--from names the source: a profile or a portal URL")
    // Before telling a URL from a profile name: a profile name never has an `@`, and the text is printed below.
    yield* PortalUrls.check(trimmed, PortalUrls.origins.from)
    if (isUrl(trimmed)) {
      if (!URL.canParse(trimmed)) return yield* usage(`not a portal URL: ${trimmed}`)
      return {
        url: trimmed,
        auth: AuthStrategy.anonymous,
        profile: undefined,
        label: `${trimmed} (anonymous)`,
      } satisfies Source
    }
    const profile = yield* Profiles.load(trimmed)
    return {
      url: profile.url,
      auth: yield* strategyOf(profile),
      profile,
      label: `${profile.name} (${profile.url})`,
    } satisfies Source
  })

/**
 * The source's own services: `Portal.layer` with its credentials, and `Groups` on it — a fresh `Groups` (layers are
 * shared by reference within a run, and the target's `Groups` must not answer for the source).
 */
export const layer = (
  source: Source,
  verbose: boolean,
): Layer.Layer<Groups.Groups | PortalServices, PortalError.InvalidInput> =>
  Layer.fresh(Groups.layer).pipe(
    Layer.provideMerge(
      Portal.layer({
        url: source.url,
        auth: source.auth,
        userAgent: "arcgis-portal-cli",
        instrument: verboseInstrument(verbose, "source request"),
      }),
    ),
  )

/** Saves a refresh token the source's OAuth session was given in exchange for its old one. */
export const persistSession = (source: Source) => persistConnectionSession(source)
