import { type Auth, type AuthStrategy, Portal, type PortalError, type Transport } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Groups from "../src/Groups.ts"
import * as Roles from "../src/Roles.ts"
import * as Users from "../src/Users.ts"

export const portalUrl = "https://portal.test/portal"
export const token = "tok-UNIT-TEST-0123456789"
export const orgId = "0123456789ABCDEF"

export const staticToken: AuthStrategy.AuthStrategy = {
  name: "static",
  acquire: () => Effect.succeed({ token: Redacted.make(token), expires: undefined }),
}

/** What `portals/self` answers in the scripts below. */
export const selfOf = (isPortal: boolean) => ({
  id: orgId,
  name: "Test org",
  isPortal,
  user: { username: "portal_admin", role: "org_admin" },
})

export type Route = (request: ScriptedFetch.Recorded, route: string) => ScriptedFetch.Reply | undefined

/**
 * A scripted portal: `portals/self` answers `selfOf(isPortal)` unless the route says otherwise;
 * an unscripted route fails the test loudly.
 */
export const scriptedPortal = (route: Route, options: { readonly isPortal?: boolean } = {}) =>
  ScriptedFetch.make((request) => {
    const path = ScriptedFetch.route(request)
    const reply = route(request, path)
    if (reply !== undefined) return reply
    if (path === "portals/self") return { json: selfOf(options.isPortal ?? true) }
    return { status: 599, body: `unscripted ${request.method} ${request.url.pathname}` }
  })

export const portalLayer = (
  scripted: ScriptedFetch.ScriptedFetch,
): Layer.Layer<Portal.Portal | Auth.Auth | Transport.Transport, PortalError.InvalidInput> =>
  Portal.layer({
    url: portalUrl,
    auth: staticToken,
    fetch: scripted.fetch,
    retry: { times: 3, base: 1, maxDelay: 5 },
  })

export const servicesLayer = (
  scripted: ScriptedFetch.ScriptedFetch,
): Layer.Layer<Users.Users | Groups.Groups | Roles.Roles, PortalError.InvalidInput> =>
  Layer.mergeAll(Users.layer, Groups.layer, Roles.layer).pipe(Layer.provide(portalLayer(scripted)))

/** The requests other than `portals/self`. */
export const calls = (scripted: ScriptedFetch.ScriptedFetch) =>
  scripted.requests.filter((request) => ScriptedFetch.route(request) !== "portals/self")

/** A request's parameters wherever they travelled (query for GET, body for POST), without `f`. */
export const paramsOf = (request: ScriptedFetch.Recorded): Record<string, string> => {
  const all: Record<string, string> =
    request.method === "GET" ? Object.fromEntries(request.url.searchParams) : { ...request.body }
  delete all.f
  return all
}

/** `METHOD /path` of a request. */
export const lineOf = (request: ScriptedFetch.Recorded) => `${request.method} ${request.url.pathname}`

export const rest = (path: string) => `/portal/sharing/rest/${path}`

export const envelope = (code: number, message: string, messageCode?: string) => ({
  json: { error: { code, message, details: [], ...(messageCode === undefined ? {} : { messageCode }) } },
})

export const deniedEnvelope = envelope(
  403,
  "You do not have permissions to access this resource or perform this operation.",
  "GWM_0003",
)

export const fullUser = (username: string, extra: Record<string, unknown> = {}) => ({
  username,
  id: "a1b2c3d4e5f60718293a4b5c6d7e8f90",
  fullName: `${username} Example`,
  firstName: username,
  lastName: "Example",
  email: `${username}@example.com`,
  role: "org_user",
  access: "org",
  orgId,
  created: 1_700_000_000_000,
  modified: 1_700_000_000_000,
  privileges: ["portal:user:joinGroup"],
  ...extra,
})

export const groupId = "2ecb37a8c8fb4051af9c086c25503bb0"

export const fullGroup = (extra: Record<string, unknown> = {}) => ({
  id: groupId,
  title: "Street Maps",
  owner: "jsmith",
  orgId,
  tags: ["streets"],
  access: "org",
  isInvitationOnly: false,
  isViewOnly: false,
  sortField: "avgRating",
  sortOrder: "desc",
  created: 1_700_000_000_000,
  modified: 1_700_000_000_000,
  userMembership: { username: "portal_admin", memberType: "admin" },
  ...extra,
})

/** Runs `use` against a scripted portal and returns the exit with the requests sent. */
export const runWith =
  <I, S>(service: Effect.Effect<S, never, I>) =>
  <A, E>(route: Route, use: (service: S) => Effect.Effect<A, E>, isPortal = true) =>
    Effect.gen(function* () {
      const scripted = scriptedPortal(route, { isPortal })
      const exit = yield* Effect.exit(
        Effect.flatMap(service, use).pipe(Effect.provide(servicesLayer(scripted))) as Effect.Effect<A, E>,
      )
      return { exit, scripted, requests: calls(scripted) }
    })

export const value = <A, E>(exit: Exit.Exit<A, E>): A => {
  if (Exit.isFailure(exit)) throw new Error(`expected success, got ${Cause.pretty(exit.cause)}`)
  return exit.value
}

export const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (!Exit.isFailure(exit)) throw new Error("expected a failure")
  return Cause.squash(exit.cause) as E
}
