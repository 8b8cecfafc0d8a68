/** The implementation of `roles list|create|privileges`. */
import type { PortalError } from "@arcgis-portal/core"
import { type RoleSchema, Roles } from "@arcgis-portal/users-groups-roles"
import type { Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { list as commaList } from "../commands/common.ts"
import type { createConfig, listConfig, privilegesConfig } from "../commands/roles.ts"
import { withPortal } from "../connection.ts"
import { failed } from "../errors.ts"
import { Output } from "../output.ts"

/** What these commands fail with besides the CLI's own failures (named here for the declarations tsc emits). */
export type Failure = PortalError.PortalFailure

/** A role by id or name (names compared ignoring case). */
const findRole = (reference: string) =>
  Effect.gen(function* () {
    const roles = yield* Roles.Roles
    const all = yield* roles.all({ maxRoles: 1000 })
    const found = all.find((role) => role.id === reference || role.name.toLowerCase() === reference.toLowerCase())
    if (found === undefined) return yield* failed(`no role with the id or name "${reference}"`)
    return found
  })

export const list = (_input: Command.Command.Config.Infer<typeof listConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(Roles.layer, () =>
      Effect.gen(function* () {
        const roles = yield* Roles.Roles
        yield* output.list(roles.allStream(), {
          columns: [
            { header: "id", value: (role: RoleSchema.Role) => role.id },
            { header: "name", value: (role) => role.name, max: 40 },
            { header: "description", value: (role) => role.description ?? "", max: 60 },
          ],
          json: (role) => role,
        })
      }),
    )
  })
export const create = (input: Command.Command.Config.Infer<typeof createConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(Roles.layer, () =>
      Effect.gen(function* () {
        const roles = yield* Roles.Roles
        const privileges = Option.map(input.privileges, commaList).pipe(Option.getOrUndefined)
        const existed = yield* roles.exists(input.name)
        const role = yield* roles.create({
          name: input.name,
          description: input.description,
          ...(privileges === undefined ? {} : { privileges }),
        })
        yield* output.done(
          existed
            ? `A role named "${role.name}" already exists (${role.id}); nothing was created`
            : `Created the role "${role.name}" (${role.id})${privileges === undefined ? "" : ` with ${privileges.length} privileges`}`,
          { ...role, created: !existed },
        )
      }),
    )
  })

export const privileges = (input: Command.Command.Config.Infer<typeof privilegesConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(Roles.layer, () =>
      Effect.gen(function* () {
        const roles = yield* Roles.Roles
        const role = yield* findRole(input.role)
        if (Option.isSome(input.set)) yield* roles.setPrivileges(role, commaList(input.set.value))
        const current = yield* roles.privileges(role)
        yield* output.list(Stream.fromIterable(current), {
          columns: [{ header: "privilege", value: (privilege: string) => privilege }],
          json: (privilege) => privilege,
        })
      }),
    )
  })
