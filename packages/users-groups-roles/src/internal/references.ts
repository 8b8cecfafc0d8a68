/**
 * How the services accept users, groups and roles: by name/id, or as the objects they returned — and the checks that
 * refuse a malformed username, group id or role id before it reaches a URL path.
 */
import { CommonSchema, PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"

/** A user by username, or any object with a `username` (a `User`). */
export type UserReference = string | { readonly username: string }

/** A group by id, or any object with an `id` (a `Group`). */
export type GroupReference = string | { readonly id: string }

/** A role by id (or built-in key), or any object with an `id` (a `Role`). */
export type RoleReference = string | { readonly id: string }

export const usernameOf = (user: UserReference): string => (typeof user === "string" ? user : user.username)

export const idOf = (value: string | { readonly id: string }): string => (typeof value === "string" ? value : value.id)

/** A path segment: encoded so a name can never change the path. */
export const segment = (value: string): string => encodeURIComponent(value)

/** Refuses a malformed group id (core's one rule) before it reaches a URL path. */
export const checkGroupId = (
  operation: string,
  group: GroupReference,
): Effect.Effect<CommonSchema.GroupId, PortalError.InvalidInput> => {
  const id = typeof group === "object" && group !== null ? group.id : group
  return CommonSchema.isGroupId(id)
    ? Effect.succeed(id)
    : Effect.fail(
        new PortalError.InvalidInput({
          operation,
          field: "group",
          message: "A group id is 32 lowercase hexadecimal characters.",
        }),
      )
}

const roleIdPattern = /^[A-Za-z0-9_]{1,64}$/

/** Refuses a malformed role id (letters, digits and underscores) before it reaches a URL path. */
export const checkRoleId = (
  operation: string,
  role: RoleReference,
): Effect.Effect<string, PortalError.InvalidInput> => {
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

/** The longest username the portal takes (characters). */
export const maxUsernameLength = 128

/**
 * Refuses a malformed username (core's one rule, the one content checks owners with: letters, digits and
 * `_ @ . -`, 1 to 128 of them, not `.`/`..`) before it reaches a URL path.
 */
export const checkUsername = (
  operation: string,
  user: UserReference,
  field = "username",
): Effect.Effect<string, PortalError.InvalidInput> => {
  const username = typeof user === "object" && user !== null ? user.username : user
  return CommonSchema.isUsername(username)
    ? Effect.succeed(username)
    : Effect.fail(
        new PortalError.InvalidInput({
          operation,
          field,
          message: `A username is 1 to ${maxUsernameLength} letters, digits, '_', '@', '.' or '-'.`,
        }),
      )
}

/** Splits `values` into chunks of at most `size`. */
export const chunks = <A>(values: ReadonlyArray<A>, size: number): Array<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let index = 0; index < values.length; index += size) out.push(values.slice(index, index + size))
  return out
}
