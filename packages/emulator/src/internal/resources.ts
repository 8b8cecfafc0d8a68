/** Item resources (digest §5): add, update, remove, list and read files attached to an item. */
import { existsSync, readFileSync, rmSync, statSync } from "node:fs"
import { join } from "node:path"
import { canChangeItem, canViewItem, requireUser } from "./authorization.ts"
import { type Context, paging, type Route } from "./context.ts"
import { transaction } from "./db.ts"
import { badRequest, Fault, forbidden, itemNotFound, RawBody } from "./fault.ts"
import { contentTypeOf, itemDir, moveInto, openFile, removeDir, sizeOf, writeBytes } from "./files.ts"
import { isHex32 } from "./ids.ts"
import { findItem, findUser, type ItemRow } from "./model.ts"
import { readZip, safeRelativePath, ZipError } from "./zip.ts"

const allowedExtensions = new Set([
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
  "csv",
])

const resourceTypes = new Set([
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

export const defaultResourceMaxBytes = 25 * 1_048_576

const resourceMissing = () => new Fault(404, "Resource does not exist or is inaccessible.", undefined, [])
const notAllowed = () => new Fault(400, "File type not allowed for addResources", "CONT_0093")

const resourcesDir = (dataDir: string, id: string) => join(itemDir(dataDir, id), "resources")

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

/** Recomputes the item's size: its data plus its resources. */
const updateSize = (context: Context, item: ItemRow) => {
  const resources = (
    context.db.prepare("SELECT COALESCE(SUM(size), 0) AS n FROM resources WHERE item_id = ?").get(item.id) as {
      n: number
    }
  ).n
  context.db
    .prepare("UPDATE items SET size = ?, modified = ? WHERE id = ?")
    .run(sizeOf(join(itemDir(context.dataDir, item.id), "data")) + resources, Date.now(), item.id)
}

const writable = (context: Context, username: string, id: string) => {
  requireUser(context)
  const owner = findUser(context.db, username)
  const item = isHex32(id) ? findItem(context.db, id) : undefined
  if (owner === undefined || item === undefined || item.owner !== owner.username || !canViewItem(context, item))
    throw itemNotFound()
  // Resources are part of the item: whoever may change it (owner rights, portal:admin:updateItems).
  if (!canChangeItem(context, item, "update")) throw forbidden()
  if (!resourceTypes.has(item.type))
    throw badRequest("Resources are not supported for this item type.", [`'${item.type}' items do not take resources.`])
  return item
}

const maxBytes = (context: Context) => context.settings.resourceMaxBytes ?? defaultResourceMaxBytes

/** The files a request adds or updates, named and checked, staged before any is written. */
const stage = (context: Context, update: boolean) => {
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
const checkClashes = (existing: ReadonlySet<string>, staged: ReadonlyArray<{ readonly path: string }>) => {
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
const clearWay = (root: string, path: string) => {
  for (const folder of foldersOf(path)) {
    const directory = join(root, folder)
    if (existsSync(directory) && !statSync(directory).isDirectory()) rmSync(directory, { force: true })
  }
  const target = join(root, path)
  if (existsSync(target) && statSync(target).isDirectory()) rmSync(target, { recursive: true, force: true })
}

const write = (context: Context, match: RegExpExecArray) => {
  const item = writable(context, match[1] ?? "", match[3] ?? "")
  const operation = (match[4] ?? "").toLowerCase()
  const { db } = context
  if (operation === "removeresources") {
    const deleteAll = (context.params.get("deleteAll") ?? "").toLowerCase() === "true"
    const resource = (context.params.get("resource") ?? "").replace(/^\/+/, "")
    if (!deleteAll) {
      if (!safeRelativePath(resource)) throw badRequest("Invalid resource path.")
      if (db.prepare("SELECT 1 FROM resources WHERE item_id = ? AND path = ?").get(item.id, resource) === undefined)
        throw resourceMissing()
    }
    transaction(db, () => {
      if (deleteAll) db.prepare("DELETE FROM resources WHERE item_id = ?").run(item.id)
      else db.prepare("DELETE FROM resources WHERE item_id = ? AND path = ?").run(item.id, resource)
      updateSize(context, item)
    })
    if (deleteAll) removeDir(resourcesDir(context.dataDir, item.id))
    else rmSync(join(resourcesDir(context.dataDir, item.id), resource), { force: true })
    return { success: true }
  }
  const update = operation === "updateresources"
  const { staged, access } = stage(context, update)
  const existing = new Set(
    (db.prepare("SELECT path FROM resources WHERE item_id = ?").all(item.id) as Array<{ path: string }>).map(
      (row) => row.path,
    ),
  )
  for (const entry of staged) {
    if (update && !existing.has(entry.path)) throw resourceMissing()
    if (!update && existing.has(entry.path))
      throw badRequest("Resource already exists.", [`'${entry.path}' exists; use updateResources.`])
  }
  const count = (db.prepare("SELECT COUNT(*) AS n FROM resources WHERE item_id = ?").get(item.id) as { n: number }).n
  if (!update && count + staged.length > 1000)
    throw badRequest("Too many resources.", ["An item has at most 1000 resources."])
  checkClashes(existing, staged)
  // Files first (each written atomically), then the rows in one transaction.
  const root = resourcesDir(context.dataDir, item.id)
  for (const entry of staged) {
    clearWay(root, entry.path)
    const to = join(root, entry.path)
    if (entry.from !== undefined) moveInto(entry.from, to)
    else writeBytes(to, entry.data ?? "")
  }
  transaction(db, () => {
    for (const entry of staged) {
      db.prepare(
        "INSERT INTO resources (item_id, path, size, access, created) VALUES (?, ?, ?, ?, ?) ON CONFLICT(item_id, path) DO UPDATE SET size = excluded.size, access = excluded.access",
      ).run(item.id, entry.path, entry.size, access, Date.now())
    }
    updateSize(context, item)
  })
  return { success: true, itemId: item.id, owner: item.owner, folder: item.folder_id }
}

/** The column each `sortField` sorts by (a Map: the key comes from the request, `__proto__` included). */
const sortColumns = new Map([
  ["size", "size"],
  ["created", "created"],
  ["resource", "path"],
])

const readable = (context: Context, id: string) => {
  const item = isHex32(id) ? findItem(context.db, id) : undefined
  if (item === undefined || !canViewItem(context, item)) throw itemNotFound()
  const privileged = canChangeItem(context, item, "update")
  return { item, privileged }
}

const list = (context: Context, match: RegExpExecArray) => {
  const { item, privileged } = readable(context, match[1] ?? "")
  const { start } = paging(context.params, 1000)
  const num = Math.min(1000, Number(context.params.get("num") ?? "1000") || 1000)
  const sortField = sortColumns.get((context.params.get("sortField") ?? "resource").toLowerCase()) ?? "path"
  const order = (context.params.get("sortOrder") ?? "asc").toLowerCase() === "desc" ? "DESC" : "ASC"
  const rows = (
    context.db
      .prepare(
        `SELECT path, size, access, created FROM resources WHERE item_id = ? ORDER BY ${sortField} ${order}, path`,
      )
      .all(item.id) as Array<{ path: string; size: number; access: string; created: number }>
  ).filter((row) => privileged || row.access !== "private")
  const page = rows.slice(start - 1, start - 1 + num)
  const end = start - 1 + page.length
  return {
    total: rows.length,
    start,
    num: page.length,
    nextStart: end < rows.length ? end + 1 : -1,
    resources: page.map((row) => ({
      resource: row.path,
      created: row.created,
      size: row.size,
      ...(privileged ? { access: row.access } : {}),
    })),
  }
}

const get = (context: Context, match: RegExpExecArray) => {
  const { item, privileged } = readable(context, match[1] ?? "")
  const path = match[2] ?? ""
  if (!safeRelativePath(path)) throw resourceMissing()
  const row = context.db.prepare("SELECT access FROM resources WHERE item_id = ? AND path = ?").get(item.id, path) as
    | { access: string }
    | undefined
  const file =
    row === undefined || (row.access === "private" && !privileged)
      ? undefined
      : openFile(join(resourcesDir(context.dataDir, item.id), path))
  if (file === undefined) throw new Fault(404, "Resource does not exist or is inaccessible.", undefined, [], 404)
  return new RawBody(file.stream, contentTypeOf(path), path.split("/").pop(), file.size)
}

export const resourceRoutes: ReadonlyArray<Route> = [
  {
    pattern:
      /^content\/users\/([^/]+)(?:\/([0-9a-f]{32}))?\/items\/([^/]+)\/(addResources|updateResources|removeResources)$/i,
    kind: "write",
    handle: write,
  },
  { pattern: /^content\/users\/[^/]+(?:\/[0-9a-f]{32})?\/items\/([^/]+)\/resources$/i, kind: "read", handle: list },
  { pattern: /^content\/items\/([^/]+)\/resources$/i, kind: "read", handle: list },
  { pattern: /^content\/items\/([^/]+)\/resources\/(.+)$/i, kind: "read", handle: get },
]
