/** How the services accept users, groups and roles: by name/id, or as the objects they returned. */
import { type CommonSchema, PortalError } from "@arcgis-portal/core"
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

const groupIdPattern = /^[0-9a-f]{32}$/

/** Refuses a malformed group id before it reaches a URL path. */
export const checkGroupId = (
  operation: string,
  group: GroupReference,
): Effect.Effect<CommonSchema.GroupId, PortalError.InvalidInput> => {
  const id = idOf(group)
  return typeof id === "string" && groupIdPattern.test(id)
    ? Effect.succeed(id as CommonSchema.GroupId)
    : Effect.fail(
        new PortalError.InvalidInput({
          operation,
          field: "group",
          message: "A group id is 32 lowercase hexadecimal characters.",
        }),
      )
}

/** The longest username the portal takes (characters). */
export const maxUsernameLength = 128

const hasControl = (value: string): boolean =>
  [...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)

/**
 * Refuses a malformed username before it reaches a URL path: empty, longer than 128 characters, `.`/`..`, or with
 * `/`, `\\` or a control character (NUL included).
 */
export const checkUsername = (
  operation: string,
  user: UserReference,
  field = "username",
): Effect.Effect<string, PortalError.InvalidInput> => {
  const username = usernameOf(user)
  const refuse = (message: string) => Effect.fail(new PortalError.InvalidInput({ operation, field, message }))
  if (typeof username !== "string" || username.trim() === "") return refuse("A username cannot be empty.")
  if (
    username.length > maxUsernameLength ||
    hasControl(username) ||
    username.includes("/") ||
    username.includes("\\") ||
    username === "." ||
    username === ".."
  )
    return refuse(`A username is 1 to ${maxUsernameLength} characters, without '/', '\\' or control characters.`)
  return Effect.succeed(username)
}

/** Splits `values` into chunks of at most `size`. */
export const chunks = <A>(values: ReadonlyArray<A>, size: number): Array<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let index = 0; index < values.length; index += size) out.push(values.slice(index, index + size))
  return out
}
