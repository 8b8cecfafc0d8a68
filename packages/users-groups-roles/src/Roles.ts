/**
 * The org's custom roles — list, create, look up — and the operations on one role — rename,
 * describe, read and set privileges, delete: the TypeScript counterpart of Python's
 * `arcgis.gis.RoleManager` and `arcgis.gis.Role` (Python properties that hit the network become
 * methods). Per-role operations take a role id or a `Role`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/roles
 * @see arcgis.gis.RoleManager
 * @see arcgis.gis.Role
 * @module
 */
import { Paging, type Portal, PortalError, type Transport } from "@arcgis-portal/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { createRole } from "./endpoints/roles/createRole.ts"
import { deleteRole } from "./endpoints/roles/deleteRole.ts"
import { role as roleEndpoint } from "./endpoints/roles/role.ts"
import { rolePrivileges } from "./endpoints/roles/rolePrivileges.ts"
import { roles as rolesEndpoint } from "./endpoints/roles/roles.ts"
import { setPrivileges as setPrivilegesEndpoint } from "./endpoints/roles/setPrivileges.ts"
import { updateRole } from "./endpoints/roles/updateRole.ts"
import { captureContext, orUndefined } from "./internal/context.ts"
import { idOf, type RoleReference } from "./internal/references.ts"
import type { Privilege, Role } from "./RoleSchema.ts"

export type { RoleReference } from "./internal/references.ts"

/**
 * Options of {@link RolesShape.create}.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-role.htm
 * @see arcgis.gis.RoleManager.create
 */
export interface CreateOptions {
  /** At most 128 characters; unique in the org (compared case-insensitively). */
  readonly name: string
  /** At most 250 characters. */
  readonly description: string
  /** Set right after the role is created. */
  readonly privileges?: ReadonlyArray<Privilege> | undefined
}

/**
 * Options of {@link RolesShape.update}: only the properties given change.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-role
 */
export interface UpdateOptions {
  readonly name?: string | undefined
  readonly description?: string | undefined
}

type Failure = PortalError.PortalFailure

/** The role operations. */
export interface RolesShape {
  /**
   * The org's custom roles (at most `maxRoles`, default 1000).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/roles
   * @see arcgis.gis.RoleManager.all
   */
  readonly all: (options?: { readonly maxRoles?: number | undefined }) => Effect.Effect<ReadonlyArray<Role>, Failure>
  /**
   * The org's custom roles, as a stream.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/roles
   * @see arcgis.gis.RoleManager.all
   */
  readonly allStream: (options?: { readonly maxItems?: number | undefined }) => Stream.Stream<Role, Failure>
  /**
   * Creates a custom role (`createRole`, then `setPrivileges` when privileges are given) and returns
   * it. Like the Python module, returns the existing role when one has that name already.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/create-role.htm
   * @see arcgis.gis.RoleManager.create
   * @example
   * const role = yield* roles.create({ name: "Editors", description: "Edit features", privileges: ["features:user:edit"] })
   */
  readonly create: (options: CreateOptions) => Effect.Effect<Role, Failure>
  /**
   * Whether a role with this name exists (compared case-insensitively over all roles).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/roles
   * @see arcgis.gis.RoleManager.exists
   */
  readonly exists: (name: string) => Effect.Effect<boolean, Failure>
  /**
   * A role by id, or `undefined` when it does not exist or is not visible to the caller.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/role
   * @see arcgis.gis.RoleManager.get_role
   */
  readonly getRole: (roleId: string) => Effect.Effect<Role | undefined, Failure>
  /**
   * Renames or re-describes a role.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/update-role
   * @see arcgis.gis.Role.name
   * @see arcgis.gis.Role.description
   */
  readonly update: (role: RoleReference, options: UpdateOptions) => Effect.Effect<boolean, Failure>
  /**
   * A role's privileges.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/role-privileges.htm
   * @see arcgis.gis.Role.privileges
   */
  readonly privileges: (role: RoleReference) => Effect.Effect<ReadonlyArray<Privilege>, Failure>
  /**
   * Replaces a role's privileges.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/set-role-privileges.htm
   * @see arcgis.gis.Role.privileges
   */
  readonly setPrivileges: (role: RoleReference, privileges: ReadonlyArray<Privilege>) => Effect.Effect<boolean, Failure>
  /**
   * Deletes a role.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-role.htm
   * @see arcgis.gis.Role.delete
   */
  readonly delete: (role: RoleReference) => Effect.Effect<boolean, Failure>
}

/**
 * The role operations as a service.
 *
 * @see arcgis.gis.RoleManager
 */
export class Roles extends Context.Service<Roles, RolesShape>()("@arcgis-portal/users-groups-roles/Roles") {}

const roleIdPattern = /^[A-Za-z0-9_]{1,64}$/

const checkRoleId = (operation: string, role: RoleReference): Effect.Effect<string, PortalError.InvalidInput> => {
  const id = idOf(role)
  return roleIdPattern.test(id)
    ? Effect.succeed(id)
    : Effect.fail(
        new PortalError.InvalidInput({
          operation,
          field: "role",
          message: "A role id is made of letters, digits and underscores (16 characters for custom roles).",
        }),
      )
}

/**
 * Builds the role operations from the `Transport` and `Portal` that `Portal.layer` provides.
 *
 * @example
 * import { Roles } from "@arcgis-portal/users-groups-roles"
 * const roles = yield* Roles.make
 */
export const make: Effect.Effect<RolesShape, never, Transport.Transport | Portal.Portal> = Effect.gen(function* () {
  const context = yield* captureContext

  const listing = (operation: string, maxItems: number | undefined) =>
    Paging.stream(
      (start, num) =>
        Effect.map(context.call(rolesEndpoint, operation, { start, num }), (page) => Paging.page(page, page.roles)),
      { maxItems },
    )

  const all: RolesShape["all"] = (options = {}) => Stream.runCollect(listing("Roles.all", options.maxRoles ?? 1000))

  const allStream: RolesShape["allStream"] = (options = {}) => listing("Roles.allStream", options.maxItems)

  const named = (operation: string, name: string) =>
    Effect.map(
      Stream.runHead(
        Stream.filter(listing(operation, undefined), (role) => role.name.toLowerCase() === name.toLowerCase()),
      ),
      Option.getOrUndefined,
    )

  const exists: RolesShape["exists"] = (name) => Effect.map(named("Roles.exists", name), (role) => role !== undefined)

  const getRole: RolesShape["getRole"] = (roleId) =>
    Effect.flatMap(checkRoleId("Roles.getRole", roleId), (id) =>
      orUndefined(context.call(roleEndpoint, "Roles.getRole", { id })),
    )

  const setPrivileges: RolesShape["setPrivileges"] = (role, privileges) =>
    Effect.flatMap(checkRoleId("Roles.setPrivileges", role), (id) =>
      Effect.map(
        context.call(setPrivilegesEndpoint, "Roles.setPrivileges", { id, privileges }),
        (result) => result.success,
      ),
    )

  const create: RolesShape["create"] = (options) =>
    Effect.gen(function* () {
      const operation = "Roles.create"
      const existing = yield* named(operation, options.name)
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

  const update: RolesShape["update"] = (role, options) =>
    Effect.flatMap(checkRoleId("Roles.update", role), (id) =>
      Effect.map(
        context.call(updateRole, "Roles.update", { id, name: options.name, description: options.description }),
        (result) => result.success,
      ),
    )

  const privileges: RolesShape["privileges"] = (role) =>
    Effect.flatMap(checkRoleId("Roles.privileges", role), (id) =>
      Effect.map(context.call(rolePrivileges, "Roles.privileges", { id }), (result) => result.privileges),
    )

  const remove: RolesShape["delete"] = (role) =>
    Effect.flatMap(checkRoleId("Roles.delete", role), (id) =>
      Effect.map(context.call(deleteRole, "Roles.delete", { id }), (result) => result.success),
    )

  return Roles.of({ all, allStream, create, exists, getRole, update, privileges, setPrivileges, delete: remove })
})

/**
 * The role operations, for any program that provides `Portal.layer({ url, auth })`.
 *
 * @example
 * import { Roles } from "@arcgis-portal/users-groups-roles"
 * import { Portal } from "@arcgis-portal/core"
 * import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
 * const RolesLive = Roles.layer.pipe(Layer.provide(Portal.layer({ url: "https://host/portal" })))
 */
export const layer: Layer.Layer<Roles, never, Transport.Transport | Portal.Portal> = Layer.effect(Roles, make)
