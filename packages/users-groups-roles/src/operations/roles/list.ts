/**
 * The operations of `Roles` that read the org's list of custom roles (Python `RoleManager.all`, `exists`, `create`):
 * `portals/self/roles` page by page (collected by a loop of effects, streamed through core's `Paging` by
 * `allStream`), a name compared case-insensitively page after page until found, and `create` — `createRole`, then
 * `setPrivileges` when privileges are given, unless a role has that name already.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/roles
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-role.htm
 */
import { Paging, type PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { createRole } from "../../endpoints/roles/createRole.ts"
import { role as roleEndpoint } from "../../endpoints/roles/role.ts"
import { roles as rolesEndpoint } from "../../endpoints/roles/roles.ts"
import { setPrivileges as setPrivilegesEndpoint } from "../../endpoints/roles/setPrivileges.ts"
import { orUndefined, type ServiceContext } from "../../internal/context.ts"
import { collect, type FetchPage, findFirst, pageOf } from "../../internal/paging.ts"
import type { Role } from "../../RoleSchema.ts"
import type { CreateOptions, RolesShape } from "../../Roles.ts"

/** The pages of the custom roles, each request named `operation`. */
const pages =
  (context: ServiceContext, operation: string): FetchPage<Role, PortalError.PortalFailure> =>
  (start, num) =>
    Effect.map(context.call(rolesEndpoint, operation, { start, num }), (page) => pageOf(page, page.roles))

/** The role of that name (case-insensitively), `undefined` when there is none; stops at the page that has it. */
const named = (context: ServiceContext, operation: string, name: string) =>
  findFirst(pages(context, operation), (role) => role.name.toLowerCase() === name.toLowerCase())

/** `Roles.all`: the custom roles collected, at most `maxRoles` (default 1000). */
export const all =
  (context: ServiceContext): RolesShape["all"] =>
  (options = {}) =>
    collect(pages(context, "Roles.all"), options.maxRoles ?? 1000)

/** `Roles.allStream`: the custom roles as a stream. */
export const allStream =
  (context: ServiceContext): RolesShape["allStream"] =>
  (options = {}) =>
    Paging.stream(pages(context, "Roles.allStream"), { maxItems: options.maxItems })

/** `Roles.exists`: whether a role has this name (case-insensitively). */
export const exists =
  (context: ServiceContext): RolesShape["exists"] =>
  (name) =>
    Effect.map(named(context, "Roles.exists", name), (role) => role !== undefined)

/** `Roles.create`: the existing role of that name, or `createRole` (then `setPrivileges`) and the new role. */
export const create =
  (context: ServiceContext): RolesShape["create"] =>
  (options: CreateOptions) =>
    Effect.gen(function* () {
      const operation = "Roles.create"
      const existing = yield* named(context, operation, options.name)
      if (existing !== undefined) return existing
      const { id } = yield* context.call(createRole, operation, {
        name: options.name,
        description: options.description,
      })
      if (options.privileges !== undefined) {
        yield* context.call(setPrivilegesEndpoint, operation, { id, privileges: options.privileges })
      }
      const role = yield* orUndefined(context.call(roleEndpoint, operation, { id }))
      return role ?? { id, name: options.name, description: options.description, privileges: options.privileges }
    })
