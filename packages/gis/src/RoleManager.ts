/**
 * The organization's custom roles — Python's `gis.users.roles` (`RoleManager`). Iterate it with
 * `for await (const role of gis.users.roles)`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/roles
 * @see arcgis.gis.RoleManager
 */
import { type RoleSchema, Roles } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { GisServices } from "./GisLayer.ts"
import * as Args from "./internal/args.ts"
import { defined } from "./internal/inputs.ts"
import { cancel, iterate, run, type Session, sessionKey } from "./internal/session.ts"
import { Role } from "./Role.ts"

/**
 * The role manager.
 *
 * @see arcgis.gis.RoleManager
 */
export class RoleManager implements AsyncIterable<Role> {
  /** @internal The connection this object belongs to: a symbol key, so not in `Object.keys` or JSON. */
  readonly [sessionKey]: Session<GisServices>

  /** @internal Available as `gis.users.roles`. */
  constructor(session: Session<GisServices>) {
    this[sessionKey] = session
  }

  #run<A, E>(use: (roles: Roles.RolesShape) => Effect.Effect<A, E>): Promise<A> {
    return run(this[sessionKey], Effect.flatMap(Roles.Roles, use))
  }

  #wrap(json: RoleSchema.Role): Role {
    return new Role(this[sessionKey], json)
  }

  /**
   * The custom roles (at most `maxRoles`, default 1000).
   *
   * @see arcgis.gis.RoleManager.all
   */
  all(
    options: { readonly maxRoles?: number | undefined; readonly signal?: AbortSignal | undefined } = {},
  ): Promise<ReadonlyArray<Role>> {
    return run(
      this[sessionKey],
      Effect.flatMap(Roles.Roles, (roles) =>
        Effect.andThen(
          Args.check(
            "RoleManager.all",
            ["options", options, Args.record],
            ["maxRoles", options?.maxRoles, Args.optional(Args.number)],
          ),
          () => roles.all(defined({ maxRoles: options.maxRoles })),
        ),
      ),
      cancel("RoleManager.all", options),
    ).then((list) => list.map((json) => this.#wrap(json)))
  }

  /** Every custom role, fetched page by page as the loop asks for them. */
  [Symbol.asyncIterator](): AsyncIterator<Role> {
    return iterate(
      this[sessionKey],
      Stream.unwrap(Effect.map(Roles.Roles, (roles) => Stream.map(roles.allStream(), (json) => this.#wrap(json)))),
    )[Symbol.asyncIterator]()
  }

  /**
   * Creates a custom role (or returns the existing one of that name, like Python).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/create-role.htm
   * @see arcgis.gis.RoleManager.create
   */
  create(options: {
    readonly name: string
    readonly description: string
    readonly privileges?: ReadonlyArray<RoleSchema.Privilege> | undefined
  }): Promise<Role> {
    return this.#run((roles) =>
      Effect.andThen(
        Args.check(
          "RoleManager.create",
          ["options", options, Args.record],
          ["name", options?.name, Args.string],
          ["description", options?.description, Args.string],
          ["privileges", options?.privileges, Args.optional(Args.list(Args.string))],
        ),
        () => roles.create(defined(options)),
      ),
    ).then((json) => this.#wrap(json))
  }

  /**
   * Whether a role of this name exists (compared case-insensitively).
   *
   * @see arcgis.gis.RoleManager.exists
   */
  exists(roleName: string): Promise<boolean> {
    return this.#run((roles) =>
      Effect.andThen(Args.check("RoleManager.exists", ["roleName", roleName, Args.string]), () =>
        roles.exists(roleName),
      ),
    )
  }

  /**
   * A role by id, or `undefined` when it does not exist.
   *
   * @see arcgis.gis.RoleManager.get_role
   */
  getRole(roleId: string): Promise<Role | undefined> {
    return this.#run((roles) =>
      Effect.andThen(Args.check("RoleManager.getRole", ["roleId", roleId, Args.string]), () => roles.getRole(roleId)),
    ).then((json) => (json === undefined ? undefined : this.#wrap(json)))
  }
}
