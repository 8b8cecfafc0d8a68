/**
 * The one rule for every portal URL the command line takes — `--portal` (or `ARCGIS_PORTAL`), `clone --from`,
 * `login`, and the url of a saved profile: a URL that carries a user name or password (`https://name:secret@host/…`)
 * is refused as a usage error (exit code 2) before it is used or printed. Such a URL would be echoed in plans,
 * prompts, summaries and `--json` results, and signing in is `login`'s job. The refusal says where the URL came from,
 * never the URL.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { type CliFailure, usage } from "./errors.ts"
import { PortalUrl } from "./global-flags.ts"

/**
 * Whether `text` carries a user name or password before its host: what the URL parser finds there, and, for text it
 * parses differently or not at all (`name:secret@host/portal` without a scheme, `https://name:secret@` with no
 * host), an `@` before the path.
 */
export const hasCredentials = (text: string): boolean => {
  const trimmed = text.trim()
  if (URL.canParse(trimmed)) {
    const url = new URL(trimmed)
    if (url.username !== "" || url.password !== "") return true
  }
  const authority =
    trimmed
      .replace(/^[a-z][a-z0-9+.-]*:/i, "")
      .replace(/^[\\/]+/, "")
      .split(/[\\/?#]/, 1)[0] ?? ""
  return authority.includes("@")
}

/** What a refusal says about where the URL came from, and what to do instead. */
export interface Origin {
  /** `the portal URL of --from`, `profile "staging"`… */
  readonly name: string
  readonly hint: string
}

/** Where the URLs come from. */
export const origins = {
  /** `--portal <url>` or its fallback, `ARCGIS_PORTAL`. */
  portal: {
    name: "the portal URL of --portal (or ARCGIS_PORTAL)",
    hint: "Give the portal's URL alone (https://host/portal) and sign in with: arcgis-portal login --portal <url> --username <name>",
  },
  /** `clone --from <url>`. */
  from: {
    name: "the portal URL of --from",
    hint: "Give the source portal's URL alone (read anonymously), or a profile signed in there: arcgis-portal login --portal <url> --profile <name>, then --from <name>",
  },
  /** The url of a saved profile (`profiles.json` edited by hand, or written by another program). */
  profile: (name: string): Origin => ({
    name: `the portal URL of profile "${name}"`,
    hint: `Sign in again to replace it: arcgis-portal login --portal <url> --profile ${name}`,
  }),
} as const

/** `text` itself, or a usage failure (exit code 2) naming `origin` — never the text — when it carries credentials. */
export const check = (text: string, origin: Origin): Effect.Effect<string, CliFailure> =>
  hasCredentials(text)
    ? Effect.fail(usage(`${origin.name} carries a user name or password; it is not used and not shown`, origin.hint))
    : Effect.succeed(text)

/** `--portal` (or `ARCGIS_PORTAL`), checked; `undefined` when neither is given. */
export const portalFlag = Effect.flatMap(PortalUrl, (value) =>
  Option.isNone(value) ? Effect.succeed(undefined) : check(value.value, origins.portal),
)
