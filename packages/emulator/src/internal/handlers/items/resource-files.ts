/**
 * The files of an item's resources on disk: which names and item types take resources, and staging the files a
 * request adds or updates (a `file`, `text` with `fileName`, or a zip `archive`) — each checked before any is written.
 */
import { existsSync, readFileSync, rmSync, statSync } from "node:fs"
import { join } from "node:path"
import type { Context } from "../../context.ts"
import { badRequest, Fault } from "../../errors.ts"
import { itemDir } from "../../files.ts"
import { readZip, safeRelativePath, ZipError } from "../../zip.ts"

/**
 * The extensions addResources/updateResources accept: the current documentation's list, the Enterprise 10.9+
 * additions and the Python module's (`mp3`, `mp4`) — the SDK's `defaultAllowedExtensions` (packages/resources), kept
 * as an independent copy here (the emulator depends on no SDK package) and compared with it by a test there.
 */
export const allowedResourceExtensions: ReadonlyArray<string> = [
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

const allowedExtensions = new Set(allowedResourceExtensions)

/** The item types that take resources. */
export const resourceTypes = new Set([
  "AppBuilder Widget Package",
  "Application",
  "Application Configuration",
  "ArcGIS Pro Add In",
  "Code Attachment",
  "Data Store",
  "Desktop Application",
  "Feature Service",
  "Geocoding Service",
  "Geoprocessing Service",
  "Hub Initiative",
  "Hub Page",
  "Hub Site Application",
  "Image Service",
  "Map Service",
  "Mobile Application",
  "Native Application",
  "Native Application Installer",
  "Native Application Template",
  "Notebook",
  "Notebook Code Snippet Library",
  "Report Template",
  "Rule Package",
  "Scene Service",
  "Site Application",
  "Site Page",
  "Solution",
  "SQLite Geodatabase",
  "Statistical Data Collection",
  "StoryMap",
  "Style",
  "Vector Tile Package",
  "Vector Tile Service",
  "Web Mapping Application",
  "Web Map",
  "Web Scene",
  "WFS",
])

/** The largest resource file, unless `resourceMaxBytes` says otherwise: the Python module's documented limit. */
export const defaultResourceMaxBytes = 25 * 1_048_576

/** A resource the item does not have. */
export const resourceMissing = () => new Fault(404, "Resource does not exist or is inaccessible.", undefined, [])
const notAllowed = () => new Fault(400, "File type not allowed for addResources", "CONT_0093")

/** Where an item's resources are on disk. */
export const resourcesDir = (dataDir: string, id: string) => join(itemDir(dataDir, id), "resources")

/** A resource path: relative, without `..`, of an allowed extension. */
const checkName = (path: string) => {
  if (!safeRelativePath(path) || path.length > 1024)
    throw badRequest("Invalid resource path.", ["Resource paths are relative, without '..', '\\' or empty segments."])
  const extension = path.split(".").pop()?.toLowerCase() ?? ""
  if (!path.includes(".") || !allowedExtensions.has(extension)) throw notAllowed()
}

const joinPrefix = (prefix: string | undefined, name: string) => {
  const clean = (prefix ?? "").replace(/^\/+|\/+$/g, "")
  return clean === "" ? name : `${clean}/${name}`
}

/** The largest resource file of this emulator. */
const maxBytes = (context: Context) => context.settings.resourceMaxBytes ?? defaultResourceMaxBytes

/** The files a request adds or updates, named and checked, staged before any is written. */
export const stage = (context: Context, update: boolean) => {
  const { params } = context
  const prefix = params.get("resourcesPrefix")
  if (prefix !== undefined && prefix !== "" && !safeRelativePath(prefix.replace(/^\/+|\/+$/g, ""))) {
    throw badRequest("Invalid resource path.", ["'resourcesPrefix' must be a relative folder path."])
  }
  const fileName = params.get("fileName")
  const text = params.get("text")
  const access = params.get("access") ?? "inherit"
  if (access !== "inherit" && access !== "private")
    throw badRequest("Invalid access.", ["access must be inherit or private."])
  const files = context.params.files.filter((file) => file.field.toLowerCase() === "file")
  if (files.length > 50) throw badRequest("Too many files.", ["At most 50 files per request."])
  const staged: Array<{ path: string; from?: string; data?: Uint8Array | string; size: number }> = []
  const archive = !update && (params.get("archive") ?? "").toLowerCase() === "true"
  if (archive) {
    const zip = files[0]
    if (zip === undefined || files.length !== 1)
      throw badRequest("Invalid request", ["An archive upload takes exactly one zip file."])
    if (zip.size > maxBytes(context))
      throw badRequest("File too large.", [`Resources are at most ${maxBytes(context)} bytes.`])
    let entries: ReturnType<typeof readZip>
    try {
      entries = readZip(readFileSync(zip.path), 10 * maxBytes(context))
    } catch (error) {
      throw badRequest("Invalid archive.", [
        error instanceof ZipError ? error.message : "The archive could not be read.",
      ])
    }
    for (const entry of entries) {
      const path = joinPrefix(prefix, entry.name)
      checkName(path)
      if (entry.data.byteLength > maxBytes(context))
        throw badRequest("File too large.", [`'${entry.name}' is larger than ${maxBytes(context)} bytes.`])
      staged.push({ path, data: entry.data, size: entry.data.byteLength })
    }
    return { staged, access }
  }
  if (text !== undefined) {
    if (!fileName) throw badRequest("Invalid request", ["'fileName' is required with 'text'."])
    const path = joinPrefix(prefix, fileName)
    checkName(path)
    const size = Buffer.byteLength(text)
    if (size > maxBytes(context))
      throw badRequest("File too large.", [`Resources are at most ${maxBytes(context)} bytes.`])
    staged.push({ path, data: text, size })
  }
  for (const file of files) {
    const path = joinPrefix(prefix, files.length === 1 && fileName && text === undefined ? fileName : file.fileName)
    checkName(path)
    if (file.size > maxBytes(context))
      throw badRequest("File too large.", [`Resources are at most ${maxBytes(context)} bytes.`])
    staged.push({ path, from: file.path, size: file.size })
  }
  if (staged.length === 0) throw badRequest("Invalid request", ["Send a 'file' or 'text' with 'fileName'."])
  if (new Set(staged.map((entry) => entry.path)).size !== staged.length)
    throw badRequest("Invalid request", ["File names must differ."])
  return { staged, access }
}

/** The folders a resource path lies in: `a/b/c.json` → `a`, `a/b`. */
const foldersOf = (path: string): Array<string> => {
  const segments = path.split("/")
  return segments.slice(1).map((_, index) => segments.slice(0, index + 1).join("/"))
}

/**
 * Refuses a resource whose path is a folder of other resources, or lies in a folder that is itself a resource:
 * `a.json` and `a.json/b.json` cannot both be files. Checked against the item's resources and the other files of
 * the same request (an archive may hold both).
 */
export const checkClashes = (existing: ReadonlySet<string>, staged: ReadonlyArray<{ readonly path: string }>) => {
  const files = new Set([...existing, ...staged.map((entry) => entry.path)])
  const folders = new Set([...files].flatMap(foldersOf))
  for (const { path } of staged) {
    if (folders.has(path))
      throw badRequest("Resource already exists.", [`'${path.slice(0, 200)}' is a folder of other resources.`])
    const file = foldersOf(path).find((folder) => files.has(folder))
    if (file !== undefined)
      throw badRequest("Resource already exists.", [`'${file.slice(0, 200)}' is a resource, not a folder.`])
  }
}

/**
 * Removes what stands in a resource's way on disk without being a resource (the clash check has made sure of that):
 * an empty folder left where a removed resource's folder was, or a file a crash left between its write and the
 * commit of its row.
 */
export const clearWay = (root: string, path: string) => {
  for (const folder of foldersOf(path)) {
    const directory = join(root, folder)
    if (existsSync(directory) && !statSync(directory).isDirectory()) rmSync(directory, { force: true })
  }
  const target = join(root, path)
  if (existsSync(target) && statSync(target).isDirectory()) rmSync(target, { recursive: true, force: true })
}
