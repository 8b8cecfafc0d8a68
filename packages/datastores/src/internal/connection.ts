/**
 * How the datastore services reach their federated server, on core's `ServiceContext` (its `call` sends every
 * request): the servers are read once from `portals/self/servers` (single-flight, a failure is not cached), one is
 * chosen by the selection, and every admin call goes to `<adminUrl>/admin/data/...` with that server's credentials
 * (core exchanges the portal token for a server token and caches it).
 */
import { type Endpoint, PortalError, type ServiceContext } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Semaphore from "effect/Semaphore"
import { type DatastoresFailure, ServerNotFound } from "../DatastoreError.ts"
import type { FederatedServer } from "../DatastoreSchema.ts"
import { servers as serversEndpoint } from "../endpoints/portals/servers.ts"
import type { AdminTarget } from "./admin.ts"

/**
 * Which federated server to administer: its `id`, its `url` (or admin URL), its `serverRole`
 * (`HOSTING_SERVER`, `FEDERATED_SERVER`), a string matched against id and URLs, or an explicit
 * `adminUrl` (no discovery). Default: the hosting server.
 */
export type ServerSelector =
  | string
  | { readonly id: string }
  | { readonly url: string }
  | { readonly serverRole: string }
  | { readonly adminUrl: string; readonly serverUrl?: string | undefined }

export type Failure = DatastoresFailure

/** Core's service context, and the selected federated server's admin API. */
export interface Connection extends ServiceContext.ServiceContext {
  /** Every federated server of the portal. */
  readonly servers: (operation: string) => Effect.Effect<ReadonlyArray<FederatedServer>, PortalError.PortalFailure>
  /** The selected server's admin target. */
  readonly target: (operation: string) => Effect.Effect<AdminTarget & { readonly server?: FederatedServer }, Failure>
  /** Calls an admin endpoint on the selected server. */
  readonly admin: <Input extends { readonly server: AdminTarget }, S extends Endpoint.Decodable>(
    endpoint: Endpoint.Endpoint<Input, S>,
    operation: string,
    input: Omit<Input, "server">,
  ) => Effect.Effect<S["Type"], Failure>
}

const trimSlashes = (url: string) => url.replace(/\/+$/, "")
const normalize = (url: string) => trimSlashes(url.trim()).toLowerCase()
/** `https://host/server/admin` → `https://host/server`. */
const rootOf = (url: string) => trimSlashes(url).replace(/\/(admin|rest)(\/.*)?$/i, "")

/** The admin target of a listed server: `adminUrl + "/admin"` as Python builds it. */
export const targetOf = (server: FederatedServer): AdminTarget & { readonly server: FederatedServer } => {
  const admin = rootOf(server.adminUrl ?? server.url)
  return { adminUrl: `${admin}/admin`, serverUrl: rootOf(server.url), server }
}

const matches = (selector: Exclude<ServerSelector, { readonly adminUrl: string }>, server: FederatedServer) => {
  const urls = [server.url, server.adminUrl ?? ""].filter((url) => url !== "").map((url) => normalize(rootOf(url)))
  if (typeof selector === "string") return server.id === selector || urls.includes(normalize(rootOf(selector)))
  if ("id" in selector) return server.id === selector.id
  if ("url" in selector) return urls.includes(normalize(rootOf(selector.url)))
  return (server.serverRole ?? "").toUpperCase() === selector.serverRole.toUpperCase()
}

const describe = (selector: ServerSelector | undefined) =>
  selector === undefined ? "the hosting server" : JSON.stringify(selector)

/** Picks the server: the selection, else the hosting server, else the only one. */
export const select = (
  list: ReadonlyArray<FederatedServer>,
  selector: ServerSelector | undefined,
): FederatedServer | undefined => {
  if (selector !== undefined && typeof selector !== "string" && "adminUrl" in selector) return undefined
  if (selector !== undefined) return list.find((server) => matches(selector, server))
  return (
    list.find((server) => (server.serverRole ?? "").toUpperCase() === "HOSTING_SERVER") ??
    list.find((server) => server.isHosted === true) ??
    (list.length === 1 ? list[0] : undefined)
  )
}

/** The connection to the server `selector` names, over a service context; nothing is sent until it is used. */
export const makeConnection = (
  context: ServiceContext.ServiceContext,
  selector: ServerSelector | undefined,
): Effect.Effect<Connection> =>
  Effect.gen(function* () {
    const lock = yield* Semaphore.make(1)
    let cached: ReadonlyArray<FederatedServer> | undefined
    const { call } = context

    const servers: Connection["servers"] = (operation) =>
      lock.withPermits(1)(
        Effect.suspend(() =>
          cached !== undefined
            ? Effect.succeed(cached)
            : Effect.tap(
                Effect.map(call(serversEndpoint, operation, undefined), (response) => response.servers),
                (list) =>
                  Effect.sync(() => {
                    cached = list
                  }),
              ),
        ),
      )

    const target: Connection["target"] = (operation) => {
      if (selector !== undefined && typeof selector !== "string" && "adminUrl" in selector) {
        const adminRoot = rootOf(selector.adminUrl)
        return Effect.succeed({
          adminUrl: `${adminRoot}/admin`,
          serverUrl: rootOf(selector.serverUrl ?? adminRoot),
        })
      }
      return Effect.flatMap(servers(operation), (list) => {
        const chosen = select(list, selector)
        return chosen === undefined
          ? Effect.fail(
              new ServerNotFound({
                operation,
                message:
                  list.length === 0
                    ? "The portal has no federated server."
                    : `No federated server matches ${describe(selector)} (the portal has ${list.length}).`,
              }),
            )
          : Effect.succeed(targetOf(chosen))
      })
    }

    const admin: Connection["admin"] = (endpoint, operation, input) =>
      Effect.flatMap(target(operation), (server) =>
        call(endpoint, operation, {
          ...input,
          server: { adminUrl: server.adminUrl, serverUrl: server.serverUrl },
        } as never),
      )

    return { ...context, servers, target, admin }
  })

/** Refuses a data item path that would leave `<admin>/data/items` or cannot name an item. */
export const checkPath = (operation: string, path: string): Effect.Effect<string, PortalError.InvalidInput> => {
  const refuse = (message: string) => Effect.fail(new PortalError.InvalidInput({ operation, field: "path", message }))
  const trimmed = path.trim()
  if (trimmed === "" || trimmed === "/") return refuse("A data item path such as /fileShares/<name> is required.")
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\\]/.test(trimmed)) return refuse("A data item path has no control characters or backslashes.")
  const normalized = trimmed.startsWith("/") ? trimmed : `/${trimmed}`
  const segments = normalized.slice(1).replace(/\/+$/, "").split("/")
  if (segments.some((segment) => segment === "" || segment === "." || segment === ".."))
    return refuse("A data item path has no empty, '.' or '..' segments.")
  return Effect.succeed(`/${segments.join("/")}`)
}
