/**
 * Input checks made before anything is sent: a malformed owner, an unknown access value, an info-file path that
 * leaves the item, a NUL character in any string parameter, or a title, snippet, tag, description, comment, folder
 * title, group id or search query longer than the portal takes is `InvalidInput` — never a request carrying it.
 */
import { CommonSchema, PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"

/** The portal's limits (characters). */
export const limits = {
  title: 256,
  snippet: 2048,
  tag: 256,
  tags: 128,
  description: 65_536,
  comment: 65_536,
  folder: 250,
  query: 32_768,
} as const

const accessValues = new Set(["private", "shared", "org", "public"])

/** Refuses input before anything is sent. */
export const refuse = (operation: string, field: string, message: string) =>
  Effect.fail(new PortalError.InvalidInput({ operation, field, message }))

/** Any control character (U+0000–U+001F, U+007F), NUL included. */
const hasControl = (value: string): boolean =>
  [...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)

/** Does the string carry a NUL character? */
export const hasNul = (value: string): boolean => value.includes("\0")

/** Refuses a malformed item id before it reaches a URL path. */
export const checkItemId = (operation: string, id: string): Effect.Effect<string, PortalError.InvalidInput> =>
  typeof id === "string" && CommonSchema.isItemId(id)
    ? Effect.succeed(id)
    : Effect.fail(
        new PortalError.InvalidInput({
          operation,
          field: "id",
          message: "An item id is 32 lowercase hexadecimal characters.",
        }),
      )

/** A user name as the portal spells them (core's one rule: letters, digits, `_ @ . -`, at most 128, not `.`/`..`). */
export const checkOwner = (operation: string, owner: string): Effect.Effect<string, PortalError.InvalidInput> =>
  CommonSchema.isUsername(owner)
    ? Effect.succeed(owner)
    : refuse(operation, "owner", "A username is 1 to 128 letters, digits, '_', '@', '.' or '-'.")

/** Item properties within the portal's limits; `access`, when given, one of the portal's values. */
export const checkProperties = (
  operation: string,
  properties: { readonly [key: string]: unknown } | undefined,
): Effect.Effect<void, PortalError.InvalidInput> => {
  if (properties === undefined) return Effect.void
  const { title, snippet, tags, access } = properties
  if (title !== undefined && (typeof title !== "string" || title.length > limits.title || title.includes("\0")))
    return refuse(operation, "title", `A title is text of at most ${limits.title} characters.`)
  if (
    snippet !== undefined &&
    (typeof snippet !== "string" || snippet.length > limits.snippet || snippet.includes("\0"))
  )
    return refuse(operation, "snippet", `A snippet is text of at most ${limits.snippet} characters.`)
  if (tags !== undefined) {
    const list = typeof tags === "string" ? tags.split(",") : Array.isArray(tags) ? tags : undefined
    if (
      list === undefined ||
      list.length > limits.tags ||
      list.some((tag) => typeof tag !== "string" || tag.length > limits.tag || tag.includes("\0"))
    )
      return refuse(operation, "tags", `At most ${limits.tags} tags of at most ${limits.tag} characters each.`)
  }
  if (access !== undefined && (typeof access !== "string" || !accessValues.has(access)))
    return refuse(operation, "access", "access is one of private, shared, org, public.")
  const { description } = properties
  if (description !== undefined && description !== null && typeof description !== "string")
    return refuse(operation, "description", "A description is text.")
  if (typeof description === "string" && description.length > limits.description)
    return refuse(operation, "description", `A description is at most ${limits.description} characters.`)
  for (const [key, value] of Object.entries(properties)) {
    const strings = typeof value === "string" ? [value] : Array.isArray(value) ? value : []
    if (strings.some((entry) => typeof entry === "string" && hasNul(entry)))
      return refuse(operation, key, `${key} must not contain a NUL character.`)
  }
  return Effect.void
}

/**
 * A folder title: 1 to 250 characters, no control character, no `/` or `\\` (also percent-encoded), not `.`/`..`.
 */
export const checkFolderTitle = (
  operation: string,
  title: string,
  field = "folder",
): Effect.Effect<string, PortalError.InvalidInput> => {
  let decoded = title
  try {
    decoded = decodeURIComponent(title)
  } catch {
    // A lone `%` is just a character of the title.
  }
  const name = title.trim()
  const bad =
    name === "" ||
    title.length > limits.folder ||
    [title, decoded].some(
      (candidate) =>
        hasControl(candidate) ||
        candidate.includes("/") ||
        candidate.includes("\\") ||
        candidate.trim() === "." ||
        candidate.trim() === "..",
    )
  return bad
    ? refuse(
        operation,
        field,
        `A folder title is 1 to ${limits.folder} characters, without '/', '\\' or control characters.`,
      )
    : Effect.succeed(title)
}

/** A folder as `move`/`add` take it: the root (`/`, `""`), a folder title, or `{ id }`. */
export const checkFolder = (
  operation: string,
  folder: string | { readonly id: string } | undefined,
  field = "folder",
): Effect.Effect<void, PortalError.InvalidInput> => {
  if (folder === undefined) return Effect.void
  if (typeof folder !== "string")
    return typeof folder.id === "string" && folder.id !== "" && !hasControl(folder.id) && !folder.id.includes("/")
      ? Effect.void
      : refuse(operation, field, "A folder id is a non-empty string without '/' or control characters.")
  const name = folder.trim()
  if (name === "" || name === "/") return Effect.void
  return Effect.asVoid(checkFolderTitle(operation, folder, field))
}

/** Text the portal stores (comments): not blank, at most `max` characters, no NUL. */
export const checkText = (
  operation: string,
  field: string,
  value: string,
  max: number,
): Effect.Effect<string, PortalError.InvalidInput> =>
  value.trim() === "" || value.length > max || hasNul(value)
    ? refuse(operation, field, `${field} is text of 1 to ${max} characters without NUL.`)
    : Effect.succeed(value)

/** A search query: at most 32,768 characters, no NUL (empty searches everything). */
export const checkQuery = (operation: string, query: string): Effect.Effect<string, PortalError.InvalidInput> =>
  query.length > limits.query || hasNul(query)
    ? refuse(operation, "query", `A query is at most ${limits.query} characters, without NUL.`)
    : Effect.succeed(query)

/** A rating: a number from 1.0 to 5.0. */
export const checkRating = (operation: string, rating: number): Effect.Effect<number, PortalError.InvalidInput> =>
  Number.isFinite(rating) && rating >= 1 && rating <= 5
    ? Effect.succeed(rating)
    : refuse(operation, "rating", "A rating is a number from 1.0 to 5.0.")

/** Group ids for share/unshare, each by core's one rule (32 lowercase hexadecimal characters). */
export const checkGroupIds = (
  operation: string,
  groups: ReadonlyArray<string | { readonly id: string }> | undefined,
): Effect.Effect<void, PortalError.InvalidInput> => {
  if (groups === undefined) return Effect.void
  const bad = groups.findIndex((group) => !CommonSchema.isGroupId(typeof group === "string" ? group : group?.id))
  return bad === -1
    ? Effect.void
    : refuse(operation, "groups", `groups[${bad}] is not a group id (32 lowercase hexadecimal characters).`)
}

/** A path inside the item's info folder: relative, no `.`/`..`/empty segment, no NUL or backslash. */
export const checkInfoPath = (operation: string, path: string): Effect.Effect<string, PortalError.InvalidInput> => {
  let decoded = path
  try {
    decoded = decodeURIComponent(path)
  } catch {
    return refuse(operation, "file", "The file path is not valid.")
  }
  const bad = [path, decoded].some(
    (candidate) =>
      candidate === "" ||
      candidate.startsWith("/") ||
      /^[A-Za-z]:/.test(candidate) ||
      candidate.includes("\\") ||
      [...candidate].some((char) => char.charCodeAt(0) < 0x20) ||
      candidate.split("/").some((segment) => segment === "" || segment === "." || segment === ".."),
  )
  return bad
    ? refuse(operation, "file", "The file path must stay inside the item (relative, no '..').")
    : Effect.succeed(path)
}

/**
 * Runs `run` once the item's id and owner are well-formed (what every owner-scoped item operation checks first);
 * `InvalidInput`, with nothing sent, otherwise.
 */
export const checked = <A, E>(
  operation: string,
  item: { readonly id: string; readonly owner: string },
  run: () => Effect.Effect<A, E>,
): Effect.Effect<A, E | PortalError.InvalidInput> =>
  Effect.flatMap(Effect.andThen(checkItemId(operation, item.id), checkOwner(operation, item.owner)), run)
