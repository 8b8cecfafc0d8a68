/**
 * Client-side checks run before anything is sent: resource paths that cannot escape the item's
 * `resources/` folder, the file types the portal accepts, and the per-file size limit.
 */
import { CommonSchema, PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"

/**
 * The extensions the portal accepts for resources: the current documentation's list, the
 * Enterprise 10.9+ additions and the Python module's (`mp3`, `mp4`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-resources
 */
export const defaultAllowedExtensions: ReadonlyArray<string> = [
  "json",
  "xml",
  "txt",
  "png",
  "pbf",
  "zip",
  "jpeg",
  "jpg",
  "gif",
  "bmp",
  "gz",
  "svg",
  "svgz",
  "geodatabase",
  "glb",
  "stylx",
  "pdf",
  "wav",
  "webp",
  "webm",
  "mp3",
  "mp4",
]

/** 25 MB, the per-file limit of the Python documentation. */
export const defaultMaxFileSize = 25 * 1024 * 1024

const refuse = (operation: string, field: string, message: string) =>
  Effect.fail(new PortalError.InvalidInput({ operation, field, message }))

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const control = /[\u0000-\u001f\u007f]/

const problemOf = (value: string): string | undefined => {
  if (value === "") return "is empty"
  if (control.test(value)) return "contains a control character"
  if (value.includes("\\")) return "contains a backslash"
  if (value.startsWith("/") || /^[A-Za-z]:/.test(value)) return "is absolute"
  const segments = value.split("/")
  if (segments.some((segment) => segment === "")) return "has an empty segment"
  if (segments.some((segment) => segment === "." || segment === "..")) return "has a '.' or '..' segment"
  return undefined
}

/**
 * Refuses a resource path (or prefix, or file name) that is empty, absolute, has a backslash, a
 * control character, an empty, `.` or `..` segment — also once percent-decoded (`..%2f`).
 */
export const checkPath = (
  operation: string,
  field: string,
  value: string,
): Effect.Effect<string, PortalError.InvalidInput> => {
  let problem = problemOf(value)
  if (problem === undefined && value.includes("%")) {
    try {
      problem = problemOf(decodeURIComponent(value))
    } catch {
      problem = "has a malformed percent escape"
    }
  }
  return problem === undefined
    ? Effect.succeed(value)
    : refuse(operation, field, `The resource ${field} ${problem}: it must be a relative path inside the item.`)
}

/** An optional path: checked when given. */
export const checkOptionalPath = (
  operation: string,
  field: string,
  value: string | undefined,
): Effect.Effect<string | undefined, PortalError.InvalidInput> =>
  value === undefined ? Effect.succeed(undefined) : checkPath(operation, field, value)

/** The extension of a file name, lower case, without the dot. */
export const extensionOf = (name: string): string => {
  const base = name.slice(name.lastIndexOf("/") + 1)
  const dot = base.lastIndexOf(".")
  return dot <= 0 ? "" : base.slice(dot + 1).toLowerCase()
}

export const checkExtension = (
  operation: string,
  name: string,
  allowed: ReadonlyArray<string>,
): Effect.Effect<string, PortalError.InvalidInput> => {
  const extension = extensionOf(name)
  return allowed.includes(extension)
    ? Effect.succeed(name)
    : refuse(
        operation,
        "fileName",
        `The portal does not accept ${extension === "" ? "files without an extension" : `.${extension} files`} as resources (allowed: ${allowed.map((entry) => `.${entry}`).join(" ")}).`,
      )
}

export const checkSize = (
  operation: string,
  size: number,
  max: number,
): Effect.Effect<number, PortalError.InvalidInput> =>
  size <= max
    ? Effect.succeed(size)
    : refuse(operation, "file", `The file is ${size} bytes; a resource may be at most ${max} bytes.`)

/** An item id checked, and an owner that cannot leave `content/users/<owner>`. */
export const checkItem = (
  operation: string,
  id: string,
  owner: string | undefined,
): Effect.Effect<void, PortalError.InvalidInput> => {
  if (!CommonSchema.isItemId(id)) return refuse(operation, "id", "An item id is 32 lowercase hexadecimal characters.")
  if (owner !== undefined && !/^[A-Za-z0-9_@.-]{1,128}$/.test(owner))
    return refuse(operation, "owner", "Not a valid username.")
  return Effect.void
}
