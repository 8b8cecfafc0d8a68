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
import type { Portal, PortalError, Transport } from "@arcgis-portal/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Stream from "effect/Stream"
import { captureContext } from "./internal/context.ts"
import type { RoleReference } from "./internal/references.ts"
import { all, allStream, create, exists } from "./operations/roles/list.ts"
import { getRole, privileges, remove, setPrivileges, update } from "./operations/roles/role.ts"
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

// The table: each method is an operation of src/operations/roles/ over the context captured once here;
// `@arcgis-portal/users-groups-roles/operations` runs the same operations over the context captured at each call.
/**
 * Builds the role operations from the `Transport` and `Portal` that `Portal.layer` provides.
 *
 * @example
 * import { Roles } from "@arcgis-portal/users-groups-roles"
 * const roles = yield* Roles.make
 */
export const make: Effect.Effect<RolesShape, never, Transport.Transport | Portal.Portal> = Effect.map(
  captureContext,
  (context) =>
    Roles.of({
      all: all(context),
      allStream: allStream(context),
      create: create(context),
      exists: exists(context),
      getRole: getRole(context),
      update: update(context),
      privileges: privileges(context),
      setPrivileges: setPrivileges(context),
      delete: remove(context),
    }),
)

/**
 * The role operations, for any program that provides `Portal.layer({ url, auth })`.
 *
 * @example
 * import { Roles } from "@arcgis-portal/users-groups-roles"
 * import { Portal } from "@arcgis-portal/core"
 * import * as Layer from "effect/Layer"
 * const RolesLive = Roles.layer.pipe(Layer.provide(Portal.layer({ url: "https://host/portal" })))
 */
export const layer: Layer.Layer<Roles, never, Transport.Transport | Portal.Portal> = Layer.effect(Roles, make)
