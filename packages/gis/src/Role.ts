/**
 * A custom role — Python's `arcgis.gis.Role`. `role.name` and `role.description` are read-only
 * fields; `role.privileges()` reads the privileges from the portal.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/role
 * @see arcgis.gis.Role
 */
import { type RoleSchema, Roles } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import type { GisServices } from "./GisLayer.ts"
import * as Args from "./internal/args.ts"
import { defined } from "./internal/inputs.ts"
import { assignFields, run, type Session, sessionKey } from "./internal/session.ts"

/**
 * A custom role of the organization.
 *
 * @see arcgis.gis.Role
 */
export class Role {
  declare readonly id: string
  /** @see arcgis.gis.Role.name */
  declare readonly name: string
  /** @see arcgis.gis.Role.description */
  declare readonly description: RoleSchema.Role["description"]

  /** @internal The connection this object belongs to: a symbol key, so not in `Object.keys` or JSON. */
  readonly [sessionKey]: Session<GisServices>
  #json: RoleSchema.Role

  /** @internal Roles come from `gis.users.roles`. */
  constructor(session: Session<GisServices>, json: RoleSchema.Role) {
    this[sessionKey] = session
    this.#json = json
    assignFields(this, json)
  }

  /** The role's JSON as the portal sent it. */
  toJSON(): RoleSchema.Role {
    return this.#json
  }

  #run<A, E>(use: (roles: Roles.RolesShape) => Effect.Effect<A, E>): Promise<A> {
    return run(this[sessionKey], Effect.flatMap(Roles.Roles, use))
  }

  /**
   * Deletes the role.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-role.htm
   * @see arcgis.gis.Role.delete
   */
  delete(): Promise<boolean> {
    return this.#run((roles) => roles.delete(this.#json))
  }

  /**
   * The role's privileges, read from the portal.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/role-privileges.htm
   * @see arcgis.gis.Role.privileges
   */
  privileges(): Promise<ReadonlyArray<RoleSchema.Privilege>> {
    return this.#run((roles) => roles.privileges(this.#json))
  }

  /**
   * Replaces the role's privileges — Python's `role.privileges = [...]`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/set-role-privileges.htm
   * @see arcgis.gis.Role.privileges
   */
  setPrivileges(privileges: ReadonlyArray<RoleSchema.Privilege>): Promise<boolean> {
    return this.#run((roles) =>
      Effect.andThen(Args.check("Role.setPrivileges", ["privileges", privileges, Args.list(Args.string)]), () =>
        roles.setPrivileges(this.#json, privileges),
      ),
    )
  }

  /**
   * Renames or re-describes the role — Python's `role.name = ...`, `role.description = ...`; the
   * fields are refreshed.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/update-role
   */
  async update(options: { readonly name?: string | undefined; readonly description?: string | undefined }) {
    const updated = await this.#run((roles) =>
      Effect.andThen(
        Args.check(
          "Role.update",
          ["options", options, Args.record],
          ["name", options?.name, Args.optional(Args.string)],
          ["description", options?.description, Args.optional(Args.string)],
        ),
        () => roles.update(this.#json, defined(options)),
      ),
    )
    if (updated) {
      this.#json = { ...this.#json, ...defined(options) }
      assignFields(this, this.#json)
    }
    return updated
  }
}
