/**
 * Input checks made before anything is sent: a malformed owner, an unknown access value, an info-file path that
 * leaves the item, or a title, snippet or tag longer than the portal takes is `InvalidInput` — never a request
 * carrying it.
 */
import { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"

/** The portal's limits (characters). */
export const limits = { title: 256, snippet: 2048, tag: 256, tags: 128 } as const

const username = /^[A-Za-z0-9_@.-]{1,128}$/
const accessValues = new Set(["private", "shared", "org", "public"])

const refuse = (operation: string, field: string, message: string) =>
  Effect.fail(new PortalError.InvalidInput({ operation, field, message }))

/** A user name as the portal spells them (letters, digits, `_ @ . -`, at most 128), not `.` or `..`. */
export const checkOwner = (operation: string, owner: string): Effect.Effect<string, PortalError.InvalidInput> =>
  username.test(owner) && owner !== "." && owner !== ".."
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
  return Effect.void
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
