/** Items, folders, uploads, sharing: the `content/...` endpoints (digest §4.1–4.9, §4.12–4.13). */
import { existsSync } from "node:fs"
import {
  type ContentAction,
  canChangeItem,
  canEnterItemsOf,
  canShareIntoGroup,
  canShareItemAt,
  canTouchSharing,
  canUnshareFromGroup,
  canUseContentSpace,
  canViewGroup,
  canViewItem,
  has,
  requireContentSpace,
  requireUser,
} from "./authorization.ts"
import type { Context, Route } from "./context.ts"
import { type Database, transaction } from "./db.ts"
import { badRequest, Fault, forbidden, itemNotFound, RawBody, userNotFound } from "./fault.ts"
import {
  concatenateParts,
  contentTypeOf,
  dataPath,
  infoPath,
  moveInto,
  openFile,
  partNumbers,
  partsDir,
  removeDir,
  removeItemFiles,
  writeBytes,
} from "./files.ts"
import { hex32, isHex32 } from "./ids.ts"
import { accessOf, findItem, findUser, type ItemRow, isGroupMember, orgIdOf, renderItem } from "./model.ts"
import { limitList, type Params, type UploadedFile } from "./request.ts"

const now = () => Date.now()

/**
 * Default type keywords the portal adds per type (a small table). A Map, like every table read with a key from a
 * request: an item `type` may be `constructor` or `__proto__`, which every plain object has.
 */
const typeKeywords = new Map<string, ReadonlyArray<string>>([
  ["Web Map", ["ArcGIS Online", "Explorer Web Map", "Map", "Online Map", "Web Map"]],
  ["Feature Service", ["ArcGIS Server", "Data", "Feature Access", "Feature Service", "Service", "Hosted Service"]],
  ["CSV", ["CSV"]],
  ["Web Mapping Application", ["JavaScript", "Map", "Mapping Site", "Online Map", "Web Map"]],
])

const limits = { title: 256, snippet: 2048, description: 65_535, tag: 256, folder: 250 }

const boolParam = (params: Params, name: string): boolean | undefined => {
  const raw = params.get(name)
  if (raw === undefined || raw === "") return undefined
  const lower = raw.toLowerCase()
  if (lower === "true") return true
  if (lower === "false") return false
  throw badRequest("Invalid request", [`'${name}' must be true or false.`])
}

/** A list parameter (a JSON array or a comma list); more values than `limitList` allows are a 400 envelope. */
const listParam = (params: Params, name: string): Array<string> | undefined => {
  const raw = params.get(name)
  if (raw === undefined) return undefined
  const trimmed = raw.trim()
  if (trimmed.startsWith("[")) {
    try {
      const parsed = JSON.parse(trimmed) as unknown
      if (Array.isArray(parsed))
        return limitList(
          name,
          parsed.map((entry) => String(entry).trim()).filter((entry) => entry !== ""),
        )
    } catch (error) {
      if (error instanceof Fault) throw error
      // fall through: a comma list that happens to start with "["
    }
  }
  return trimmed === ""
    ? []
    : limitList(
        name,
        trimmed
          .split(",")
          .map((entry) => entry.trim())
          .filter((entry) => entry !== ""),
      )
}

const extentParam = (raw: string | undefined): Array<Array<number>> | undefined => {
  if (raw === undefined) return undefined
  if (raw.trim() === "") return []
  let numbers: Array<number>
  try {
    const parsed = JSON.parse(raw) as unknown
    numbers = Array.isArray(parsed) ? (parsed.flat(2) as Array<unknown>).map(Number) : []
  } catch {
    numbers = raw.split(",").map((part) => Number(part.trim()))
  }
  if (numbers.length !== 4 || numbers.some((value) => !Number.isFinite(value))) {
    throw badRequest("Invalid extent.", ["'extent' must be xmin,ymin,xmax,ymax."])
  }
  const [xmin, ymin, xmax, ymax] = numbers as [number, number, number, number]
  return [
    [xmin, ymin],
    [xmax, ymax],
  ]
}

const jsonObjectParam = (params: Params, name: string): string | null | undefined => {
  const raw = params.get(name)
  if (raw === undefined) return undefined
  if (raw.trim() === "") return null
  try {
    const parsed = JSON.parse(raw) as unknown
    if (typeof parsed !== "object" || parsed === null) throw new Error("not an object")
    return JSON.stringify(parsed)
  } catch {
    throw badRequest("Invalid request", [`'${name}' must be a JSON object.`])
  }
}

const checkLength = (name: string, value: string | undefined, max: number) => {
  if (value !== undefined && value.length > max)
    throw badRequest("Invalid request", [`'${name}' is longer than ${max} characters.`])
}

/** The item columns a request sets (only those it names): addItem, update, and createService's item properties. */
export const itemColumns = (params: Params): Record<string, string | number | null> => {
  const columns: Record<string, string | number | null> = {}
  const text = (param: string, column: string, max?: number) => {
    const value = params.get(param)
    if (value === undefined) return
    if (max !== undefined) checkLength(param, value, max)
    columns[column] = value
  }
  text("title", "title", limits.title)
  text("type", "type", 200)
  text("snippet", "snippet", limits.snippet)
  text("description", "description", limits.description)
  text("url", "url", 4_096)
  text("spatialReference", "spatial_reference", 4_096)
  text("accessInformation", "access_information", limits.description)
  text("licenseInfo", "license_info", limits.description)
  text("culture", "culture", 32)
  const tags = listParam(params, "tags")
  if (tags !== undefined) {
    for (const tag of tags) checkLength("tags", tag, limits.tag)
    columns.tags = JSON.stringify(tags)
  }
  const keywords = listParam(params, "typeKeywords")
  if (keywords !== undefined) columns.type_keywords = JSON.stringify(keywords)
  const extent = extentParam(params.get("extent"))
  if (extent !== undefined) columns.extent = JSON.stringify(extent)
  const properties = jsonObjectParam(params, "properties")
  if (properties !== undefined) columns.properties = properties
  const comments = boolParam(params, "commentsEnabled")
  if (comments !== undefined) columns.comments_enabled = comments ? 1 : 0
  const categories = listParam(params, "categories")
  if (categories !== undefined) columns.categories = JSON.stringify(categories)
  return columns
}

/**
 * `content/users/<u>[/<fid>]`: the owner and folder a request addresses. `action`: what the request does to that
 * user's content space, checked by the authorization module; without one, each item is checked on its own.
 */
const ownerScope = (
  context: Context,
  username: string,
  folderId: string | undefined,
  action: ContentAction | undefined,
) => {
  const caller = requireUser(context)
  const owner = findUser(context.db, username)
  if (owner === undefined) throw userNotFound()
  if (action !== undefined) requireContentSpace(context, owner, action)
  let folder: { id: string; title: string } | undefined
  if (folderId !== undefined) {
    folder = context.db
      .prepare("SELECT id, title FROM folders WHERE id = ? AND owner = ?")
      .get(folderId, owner.username) as { id: string; title: string } | undefined
    if (folder === undefined) throw badRequest("Folder does not exist or is inaccessible.", [], "CONT_0011")
  }
  return { caller, owner, folder }
}

/**
 * The item an owner-scoped path addresses; it must belong to the path's user and be visible to the caller. What
 * the caller may do to it is each operation's own check.
 */
const ownedItem = (context: Context, username: string, folderId: string | undefined, id: string) => {
  const scope = ownerScope(context, username, folderId, undefined)
  // Another user's content is no business of a caller without an admin content privilege.
  if (!canEnterItemsOf(context, scope.owner)) throw forbidden()
  const item = isHex32(id) ? findItem(context.db, id) : undefined
  if (item === undefined || item.owner !== scope.owner.username || !canViewItem(context, item)) throw itemNotFound()
  return { ...scope, item }
}

const fileOf = (params: Params, field: string): UploadedFile | undefined =>
  params.files.find((file) => file.field.toLowerCase() === field.toLowerCase())

/** Loopback-only fetch for `dataUrl`/`thumbnailurl`: the emulator never reaches out to the internet. */
const fetchLoopback = async (raw: string): Promise<Uint8Array> => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw badRequest("Invalid URL.", ["The URL could not be parsed."])
  }
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname) || !/^https?:$/.test(url.protocol)) {
    throw badRequest("Unable to fetch the URL.", ["The emulator only fetches loopback URLs."])
  }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) })
    if (!response.ok) throw new Error(String(response.status))
    return new Uint8Array(await response.arrayBuffer())
  } catch {
    throw badRequest("Unable to fetch the URL.", ["The URL did not answer."])
  }
}

interface FileWrites {
  readonly moves: Array<[string, string]>
  readonly writes: Array<[string, Uint8Array | string]>
}

/** Data, thumbnail and metadata a request carries, staged to be written after validation. */
const stageFiles = async (
  context: Context,
  id: string,
  columns: Record<string, string | number | null>,
): Promise<FileWrites> => {
  const { params, dataDir } = context
  const moves: Array<[string, string]> = []
  const writes: Array<[string, Uint8Array | string]> = []
  const file = fileOf(params, "file")
  const text = params.get("text")
  const dataUrl = params.get("dataUrl")
  if (file !== undefined) {
    moves.push([file.path, dataPath(dataDir, id)])
    columns.name = file.fileName
    columns.size = file.size
  } else if (text !== undefined) {
    writes.push([dataPath(dataDir, id), text])
    columns.size = Buffer.byteLength(text)
  } else if (dataUrl !== undefined) {
    const bytes = await fetchLoopback(dataUrl)
    writes.push([dataPath(dataDir, id), bytes])
    columns.size = bytes.byteLength
    columns.name = new URL(dataUrl).pathname.split("/").pop() || null
  }
  const thumbnail = fileOf(params, "thumbnail")
  const thumbnailUrl = params.get("thumbnailUrl")
  if (thumbnail !== undefined) {
    if (thumbnail.size > 10 * 1_048_576) throw badRequest("Thumbnail too large.", ["Thumbnails are at most 10 MB."])
    const name = /\.(png|jpe?g|gif)$/i.test(thumbnail.fileName)
      ? thumbnail.fileName.replace(/[^\w.-]/g, "_")
      : "thumbnail.png"
    moves.push([thumbnail.path, infoPath(dataDir, id, `thumbnail/${name}`)])
    columns.thumbnail = `thumbnail/${name}`
  } else if (thumbnailUrl) {
    const bytes = await fetchLoopback(thumbnailUrl)
    writes.push([infoPath(dataDir, id, "thumbnail/thumbnail.png"), bytes])
    columns.thumbnail = "thumbnail/thumbnail.png"
  }
  const metadata = fileOf(params, "metadata")
  if (metadata !== undefined) moves.push([metadata.path, infoPath(dataDir, id, "metadata/metadata.xml")])
  return { moves, writes }
}

const applyFiles = (files: FileWrites) => {
  for (const [from, to] of files.moves) moveInto(from, to)
  for (const [to, data] of files.writes) writeBytes(to, data)
}

const insertItem = (db: Database, columns: Record<string, string | number | null>) => {
  const names = Object.keys(columns)
  db.prepare(`INSERT INTO items (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`).run(
    ...names.map((name) => columns[name] ?? null),
  )
}

const updateItemColumns = (db: Database, id: string, columns: Record<string, string | number | null>) => {
  const names = Object.keys(columns)
  if (names.length === 0) return
  db.prepare(`UPDATE items SET ${names.map((name) => `${name} = ?`).join(", ")} WHERE id = ?`).run(
    ...names.map((name) => columns[name] ?? null),
    id,
  )
}

/** `categories` has no column: it lives in the item's extra JSON. */
const splitExtra = (item: ItemRow | undefined, columns: Record<string, string | number | null>) => {
  const categories = columns.categories
  delete columns.categories
  if (categories !== undefined) {
    const extra = JSON.parse(item?.extra ?? "{}") as Record<string, unknown>
    extra.categories = JSON.parse(String(categories))
    columns.extra = JSON.stringify(extra)
  }
}

const addItem = async (context: Context, match: RegExpExecArray) => {
  const { owner, folder } = ownerScope(context, match[1] ?? "", match[2], "create")
  const { params, db } = context
  if (!has(context, "portal:user:createItem")) throw forbidden()
  const columns = itemColumns(params)
  const id = params.get("itemIdToCreate") ?? hex32()
  if (!isHex32(id))
    throw badRequest("Invalid itemIdToCreate.", ["'itemIdToCreate' must be 32 lowercase hexadecimal characters."])
  if (findItem(db, id) !== undefined)
    throw badRequest("Item already exists.", [`An item with id ${id} already exists.`])
  const multipart = boolParam(params, "multipart") === true
  const asynchronous = boolParam(params, "async") === true
  const origin = params.get("originItemId")
  const destination = params.get("destinationItemId")
  const relationship = params.get("relationshipTypes") ?? params.get("relationshipType")
  if (origin && destination)
    throw badRequest("Invalid request", ["Specify originItemId or destinationItemId, not both."])
  if ((origin || destination) && !relationship)
    throw badRequest("Invalid request", ["relationshipTypes is required with a related item."])
  const time = now()
  const base = {
    id,
    owner: owner.username,
    folder_id: folder?.id ?? null,
    access: "private",
    created: time,
    modified: time,
  }
  if (multipart) {
    const filename = params.get("filename")
    if (!filename) throw badRequest("Invalid request", ["'filename' is required when multipart is true."])
    transaction(db, () =>
      insertItem(db, {
        ...base,
        title: columns.title ?? filename,
        type: columns.type ?? "",
        name: filename,
        status: "partial",
      }),
    )
    return { success: true, id, folder: folder?.id ?? null }
  }
  if (!columns.title || !columns.type) throw badRequest("'type' and 'title' property required.")
  splitExtra(undefined, columns)
  const keywords = JSON.parse(String(columns.type_keywords ?? "[]")) as Array<string>
  const defaults = typeKeywords.get(String(columns.type)) ?? []
  columns.type_keywords = JSON.stringify([
    ...new Set([...keywords, ...defaults, ...(fileOf(params, "metadata") ? ["Metadata"] : [])]),
  ])
  const files = await stageFiles(context, id, columns)
  // Checked again after the await: from here to the commit nothing yields, so two requests with the
  // same itemIdToCreate cannot both write files for it.
  if (findItem(db, id) !== undefined)
    throw badRequest("Item already exists.", [`An item with id ${id} already exists.`])
  applyFiles(files)
  try {
    transaction(db, () => {
      insertItem(db, {
        ...columns,
        ...base,
        status: asynchronous ? "processing" : "completed",
        extra: columns.extra ?? JSON.stringify(asynchronous ? { _readyAt: time + context.settings.jobMillis } : {}),
      })
      if (origin || destination) {
        const other = findItem(db, (origin ?? destination) as string)
        if (other === undefined || !canViewItem(context, other))
          throw badRequest("Unable to add relationship.", ["The related item does not exist or is inaccessible."])
        const [from, to] = origin ? [other.id, id] : [id, other.id]
        db.prepare("INSERT INTO relationships (origin_id, destination_id, type, created) VALUES (?, ?, ?, ?)").run(
          from,
          to,
          relationship ?? "",
          time,
        )
        if (origin) inheritSharing(context, { owner: owner.username, id }, other)
      }
    })
  } catch (error) {
    removeItemFiles(context.dataDir, id)
    throw error
  }
  if (asynchronous) return { status: "processing", statusMessage: "processing", itemId: id }
  return { success: true, id, folder: folder?.id ?? null }
}

/** Settles an async upload whose time has come. */
const settle = (db: Database, item: ItemRow): ItemRow => {
  if (item.status !== "processing") return item
  const extra = JSON.parse(item.extra) as { _readyAt?: number }
  if (extra._readyAt !== undefined && extra._readyAt <= now()) {
    delete extra._readyAt
    db.prepare("UPDATE items SET status = 'completed', extra = ? WHERE id = ?").run(JSON.stringify(extra), item.id)
    return { ...item, status: "completed", extra: JSON.stringify(extra) }
  }
  return item
}

const visibleItem = (context: Context, id: string): ItemRow => {
  const item = isHex32(id) ? findItem(context.db, id) : undefined
  if (item === undefined || !canViewItem(context, item)) throw itemNotFound()
  return settle(context.db, item)
}

const render = (context: Context, item: ItemRow) => {
  const rendered = renderItem(context.db, orgIdOf(context.db), item)
  // Bookkeeping fields of the emulator (`_readyAt`, `_statusMessage`) are not part of the item.
  const extra = rendered as Record<string, unknown>
  for (const key of Object.keys(extra)) if (key.startsWith("_")) delete extra[key]
  return rendered
}

const getItem = (context: Context, match: RegExpExecArray) => {
  const item = visibleItem(context, match[1] ?? "")
  context.db.prepare("UPDATE items SET num_views = num_views + 1 WHERE id = ?").run(item.id)
  return render(context, { ...item, num_views: item.num_views + 1 })
}

const itemData = (context: Context, match: RegExpExecArray) => {
  const item = visibleItem(context, match[1] ?? "")
  const file = item.status === "partial" ? undefined : openFile(dataPath(context.dataDir, item.id))
  if (file === undefined) return new RawBody(new Uint8Array(), "application/octet-stream", undefined, 0)
  const type = item.name ? contentTypeOf(item.name) : "application/json"
  return new RawBody(file.stream, type, item.name ?? undefined, file.size)
}

const itemInfo = (context: Context, match: RegExpExecArray) => {
  const item = visibleItem(context, match[1] ?? "")
  const relative = match[2] ?? ""
  if (relative.split("/").some((part) => part === ".." || part === "") || relative.includes("\0")) {
    throw new Fault(404, "Resource does not exist or is inaccessible.", undefined, [], 404)
  }
  const file = openFile(infoPath(context.dataDir, item.id, relative))
  if (file === undefined) throw new Fault(404, "Resource does not exist or is inaccessible.", undefined, [], 404)
  return new RawBody(file.stream, contentTypeOf(relative), relative.split("/").pop(), file.size)
}

const ownerView = (context: Context, match: RegExpExecArray) => {
  const { item } = ownedItem(context, match[1] ?? "", match[2], match[3] ?? "")
  // The owner's view (with the item's groups): its owner, or portal:admin:viewItems.
  if (!canChangeItem(context, item, "read")) throw forbidden()
  const groups = context.db.prepare("SELECT group_id FROM item_shares WHERE item_id = ?").all(item.id) as Array<{
    group_id: string
  }>
  const { commentsEnabled: _comments, ...rendered } = render(context, settle(context.db, item))
  return { item: rendered, sharing: { access: accessOf(context.db, item), groups: groups.map((row) => row.group_id) } }
}

const updateItem = async (context: Context, item: ItemRow) => {
  const { params, db } = context
  if (!canChangeItem(context, item, "update")) throw forbidden()
  const columns = itemColumns(params)
  if (boolParam(params, "clearEmptyFields") === true) {
    for (const [name, value] of Object.entries(columns)) if (value === "") columns[name] = null
  }
  if (columns.title === null || columns.title === "") throw badRequest("Invalid request", ["'title' cannot be empty."])
  if (columns.type === null || columns.type === "") delete columns.type
  splitExtra(item, columns)
  if (boolParam(params, "multipart") === true) {
    const filename = params.get("filename")
    if (!filename) throw badRequest("Invalid request", ["'filename' is required when multipart is true."])
    removeDir(partsDir(context.dataDir, item.id))
    transaction(db, () =>
      updateItemColumns(db, item.id, { ...columns, name: filename, status: "partial", modified: now() }),
    )
    return { success: true, id: item.id }
  }
  if (fileOf(params, "metadata")) {
    const keywords = new Set(JSON.parse(String(columns.type_keywords ?? item.type_keywords)) as Array<string>)
    keywords.add("Metadata")
    columns.type_keywords = JSON.stringify([...keywords])
  }
  const files = await stageFiles(context, item.id, columns)
  applyFiles(files)
  transaction(db, () => updateItemColumns(db, item.id, { ...columns, modified: now() }))
  return { success: true, id: item.id }
}

const deleteItemRow = (context: Context, item: ItemRow) => {
  if (item.protected === 1) throw badRequest("Unable to delete item. Delete protection is turned on.", [], "CONT_0044")
  transaction(context.db, () => context.db.prepare("DELETE FROM items WHERE id = ?").run(item.id))
  removeItemFiles(context.dataDir, item.id)
}

const resolveFolder = (db: Database, owner: string, folder: string | undefined): string | null => {
  if (folder === undefined || folder === "" || folder === "/") return null
  const row = db
    .prepare("SELECT id FROM folders WHERE owner = ? AND (id = ? OR title = ? COLLATE NOCASE)")
    .get(owner, folder, folder) as { id: string } | undefined
  if (row === undefined) throw badRequest("Folder does not exist or is inaccessible.", [], "CONT_0011")
  return row.id
}

/** How far an item is shared: 0 private or groups only, 1 org, 2 public. */
const levelOf = (access: string) => (access === "public" ? 2 : access === "org" ? 1 : 0)

/** Shares `item` as the caller; returns the groups it could not be shared with. */
const share = (context: Context, item: ItemRow, groupAdminView: boolean): Array<string> => {
  const { db, params } = context
  const everyone = boolParam(params, "everyone")
  const org = boolParam(params, "org")
  const groups = listParam(params, "groups") ?? []
  const before = levelOf(item.access)
  const isPublic = everyone ?? before === 2
  const isOrg = org ?? before >= 1
  const access = isPublic ? "public" : isOrg ? "org" : "private"
  const after = levelOf(access)
  // Raising sharing needs the privilege of the level reached; taking it back, that of the level left.
  if (
    (everyone !== undefined || org !== undefined) &&
    after !== before &&
    !canShareItemAt(context, item, Math.max(after, before) === 2 ? "public" : "org", after > before)
  )
    throw forbidden()
  const notShared: Array<string> = []
  transaction(db, () => {
    if ((everyone !== undefined || org !== undefined) && after !== before) {
      db.prepare("UPDATE items SET access = ?, modified = ? WHERE id = ?").run(access, now(), item.id)
    }
    const shared = { ...item, access: after === before ? item.access : access }
    for (const group of groups) {
      const row = isHex32(group)
        ? (db.prepare("SELECT id, is_view_only FROM groups WHERE id = ?").get(group) as
            | { id: string; is_view_only: number }
            | undefined)
        : undefined
      if (row === undefined || !canShareIntoGroup(context, shared, row, groupAdminView)) {
        notShared.push(group)
        continue
      }
      db.prepare("INSERT OR IGNORE INTO item_shares (item_id, group_id) VALUES (?, ?)").run(item.id, group)
    }
  })
  return notShared
}

const unshare = (context: Context, item: ItemRow): Array<string> => {
  const { db, params } = context
  const groups = listParam(params, "groups") ?? []
  const notUnshared: Array<string> = []
  transaction(db, () => {
    for (const group of groups) {
      const shared =
        db.prepare("SELECT 1 FROM item_shares WHERE item_id = ? AND group_id = ?").get(item.id, group) !== undefined
      if (!shared || !canUnshareFromGroup(context, item, group)) {
        notUnshared.push(group)
        continue
      }
      db.prepare("DELETE FROM item_shares WHERE item_id = ? AND group_id = ?").run(item.id, group)
    }
  })
  return notUnshared
}

/**
 * `addItem` with `originItemId`: the new item takes the origin's sharing — only as far as the caller may share the
 * new item (org and public with the share privileges, groups the caller may share it into).
 */
const inheritSharing = (context: Context, item: { owner: string; id: string }, origin: ItemRow) => {
  const { db } = context
  const level =
    origin.access === "public" && canShareItemAt(context, item, "public", true)
      ? "public"
      : (origin.access === "public" || origin.access === "org") && canShareItemAt(context, item, "org", true)
        ? "org"
        : "private"
  db.prepare("UPDATE items SET access = ? WHERE id = ?").run(level, item.id)
  const groups = db
    .prepare("SELECT g.id, g.is_view_only FROM item_shares s JOIN groups g ON g.id = s.group_id WHERE s.item_id = ?")
    .all(origin.id) as Array<{ id: string; is_view_only: number }>
  for (const group of groups) {
    if (canShareIntoGroup(context, { owner: item.owner, access: level }, group, false))
      db.prepare("INSERT OR IGNORE INTO item_shares (item_id, group_id) VALUES (?, ?)").run(item.id, group.id)
  }
}

const move = (context: Context, item: ItemRow, target: string | undefined) => {
  const folder = resolveFolder(context.db, item.owner, target)
  transaction(context.db, () =>
    context.db.prepare("UPDATE items SET folder_id = ?, modified = ? WHERE id = ?").run(folder, now(), item.id),
  )
  return { success: true, itemId: item.id, owner: item.owner, folder: folder ?? "" }
}

const itemOperation = async (context: Context, match: RegExpExecArray) => {
  const operation = (match[4] ?? "").toLowerCase()
  const reads = new Set(["parts", "status", "proxies"])
  if (!reads.has(operation) && context.method !== "POST")
    throw new Fault(405, "Method not supported. Use POST for this operation.", undefined, [], 405)
  const { item } = ownedItem(context, match[1] ?? "", match[2], match[3] ?? "")
  const { db, params } = context
  // What each operation does to the item, for the authorization module: the owner's right or the admin privilege.
  // A Map: the operation comes from the path, and `constructor` is a key of every object.
  const action = new Map<string, ContentAction>([
    ["delete", "delete"],
    ["candelete", "delete"],
    ["addpart", "create"],
    ["commit", "create"],
    ["cancel", "create"],
    ["parts", "read"],
    ["status", "read"],
    ["proxies", "read"],
  ])
  const allowed =
    operation === "share" || operation === "unshare"
      ? canTouchSharing(context, item)
      : operation === "reassign"
        ? has(context, "portal:admin:reassignItems")
        : canChangeItem(context, item, action.get(operation) ?? "update")
  if (!allowed) throw forbidden()
  switch (operation) {
    case "update":
      return updateItem(context, item)
    case "delete":
      deleteItemRow(context, item)
      return { success: true, itemId: item.id }
    case "move":
      return move(context, item, params.get("folder"))
    case "protect":
    case "unprotect":
      transaction(db, () =>
        db.prepare("UPDATE items SET protected = ? WHERE id = ?").run(operation === "protect" ? 1 : 0, item.id),
      )
      return { success: true }
    case "reassign": {
      const target = findUser(db, params.get("targetUsername") ?? "")
      if (target === undefined) throw badRequest("Unable to reassign item.", ["The target user does not exist."])
      const folderName = params.get("targetFolderName") ?? params.get("targetFoldername") ?? "/"
      const groups = db.prepare("SELECT group_id FROM item_shares WHERE item_id = ?").all(item.id) as Array<{
        group_id: string
      }>
      if (
        item.access !== "org" &&
        item.access !== "public" &&
        groups.some((row) => !isGroupMember(db, row.group_id, target.username))
      ) {
        throw badRequest("Unable to reassign item.", [
          "The target user is not a member of every group the item is shared with.",
        ])
      }
      transaction(db, () => {
        let folderId: string | null = null
        if (folderName !== "/" && folderName !== "") {
          const existing = db
            .prepare("SELECT id FROM folders WHERE owner = ? AND title = ? COLLATE NOCASE")
            .get(target.username, folderName) as { id: string } | undefined
          folderId = existing?.id ?? hex32()
          if (existing === undefined)
            db.prepare("INSERT INTO folders (id, owner, title, created) VALUES (?, ?, ?, ?)").run(
              folderId,
              target.username,
              folderName,
              now(),
            )
        }
        db.prepare("UPDATE items SET owner = ?, folder_id = ?, modified = ? WHERE id = ?").run(
          target.username,
          folderId,
          now(),
          item.id,
        )
      })
      return { success: true, itemId: item.id }
    }
    case "share":
      return { notSharedWith: share(context, item, false), itemId: item.id }
    case "unshare":
      return { notUnsharedFrom: unshare(context, item), itemId: item.id }
    case "addpart": {
      if (item.status !== "partial")
        throw badRequest("Unable to add part.", ["The item is not a multipart upload in progress."])
      const partNum = Number(params.get("partNum"))
      if (!Number.isInteger(partNum) || partNum < 1 || partNum > 10_000)
        throw badRequest("Invalid part number.", ["'partNum' must be an integer from 1 to 10000."])
      const file = fileOf(params, "file")
      if (file === undefined) throw badRequest("Unable to add part.", ["A 'file' part is required."])
      moveInto(file.path, `${partsDir(context.dataDir, item.id)}/${partNum}`)
      return { success: true, id: item.id }
    }
    case "parts":
      return { parts: partNumbers(partsDir(context.dataDir, item.id)) }
    case "commit": {
      if (item.status !== "partial")
        throw badRequest("Unable to commit.", ["The item is not a multipart upload in progress."])
      const numbers = partNumbers(partsDir(context.dataDir, item.id))
      if (numbers.length === 0) throw badRequest("Unable to commit.", ["No parts were uploaded."])
      if (numbers.some((number, index) => number !== index + 1))
        throw badRequest("Unable to commit.", ["Parts are missing."])
      const columns = itemColumns(params)
      splitExtra(item, columns)
      const type = (columns.type as string | undefined) ?? item.type
      if (!type) throw badRequest("'type' and 'title' property required.")
      const keywords = [
        ...new Set([
          ...(JSON.parse(String(columns.type_keywords ?? item.type_keywords)) as Array<string>),
          ...(typeKeywords.get(type) ?? []),
        ]),
      ]
      // Like the portal, commit is asynchronous: the item turns `processing` at once (so a second
      // commit is refused instead of racing this one), the parts are assembled in the background,
      // and `status` reports `completed` — or `failed` with the reason.
      transaction(db, () =>
        updateItemColumns(db, item.id, {
          ...columns,
          type,
          type_keywords: JSON.stringify(keywords),
          status: "processing",
          modified: now(),
        }),
      )
      const dataDir = context.dataDir
      void concatenateParts(partsDir(dataDir, item.id), numbers, dataPath(dataDir, item.id)).then(
        (size) => {
          removeDir(partsDir(dataDir, item.id))
          if (findItem(db, item.id) !== undefined) {
            transaction(db, () => updateItemColumns(db, item.id, { size, status: "completed", modified: now() }))
          }
        },
        () => {
          if (findItem(db, item.id) !== undefined) {
            const extra = {
              ...(JSON.parse(item.extra) as Record<string, unknown>),
              _statusMessage: "The parts could not be assembled.",
            }
            transaction(db, () =>
              updateItemColumns(db, item.id, { status: "failed", extra: JSON.stringify(extra), modified: now() }),
            )
          }
        },
      )
      return { success: true, id: item.id }
    }
    case "cancel": {
      removeDir(partsDir(context.dataDir, item.id))
      if (item.status === "partial" && !existsSync(dataPath(context.dataDir, item.id))) {
        transaction(db, () => db.prepare("DELETE FROM items WHERE id = ?").run(item.id))
        removeItemFiles(context.dataDir, item.id)
      } else if (item.status === "partial") {
        transaction(db, () => db.prepare("UPDATE items SET status = 'completed' WHERE id = ?").run(item.id))
      }
      return { success: true }
    }
    case "status": {
      const jobId = params.get("jobId")
      if (jobId !== undefined && jobId !== "") {
        const job = db.prepare("SELECT * FROM jobs WHERE id = ?").get(jobId) as
          | {
              id: string
              item_id: string
              type: string
              status: string
              status_message: string | null
              modified: number
            }
          | undefined
        if (job === undefined) throw badRequest("Job does not exist or is inaccessible.", [], "CONT_0060")
        const settled =
          job.status === "processing" && job.modified + context.settings.jobMillis <= now() ? "completed" : job.status
        if (settled !== job.status)
          db.prepare("UPDATE jobs SET status = ?, modified = ? WHERE id = ?").run(settled, now(), job.id)
        if (settled === "completed")
          db.prepare("UPDATE items SET status = 'completed' WHERE id = ? AND status = 'processing'").run(job.item_id)
        return {
          status: settled,
          statusMessage: job.status_message ?? settled,
          itemId: job.item_id,
          jobId: job.id,
          jobType: job.type,
        }
      }
      const settledItem = settle(db, item)
      const message = (JSON.parse(settledItem.extra) as { _statusMessage?: string })._statusMessage
      return { status: settledItem.status, statusMessage: message ?? settledItem.status, itemId: item.id }
    }
    case "proxies":
      return { appProxies: [] }
    case "candelete":
      if (item.protected === 1) {
        return {
          itemId: item.id,
          success: false,
          error: {
            code: 400,
            messageCode: "CONT_0044",
            message: "Unable to delete item. Delete protection is turned on.",
            offendingItems: [],
          },
        }
      }
      return { itemId: item.id, success: true }
    default:
      throw new Fault(404, "The requested URL was not found.", undefined, [], 404)
  }
}

const createFolder = (context: Context, match: RegExpExecArray) => {
  const { owner } = ownerScope(context, match[1] ?? "", undefined, "create")
  const title = (context.params.get("title") ?? "").trim()
  if (title === "" || title.length > limits.folder || /[\\/"]/.test(title))
    throw badRequest("Unable to create folder.", ["Invalid folder title."])
  const id = hex32()
  transaction(context.db, () => {
    const clash = context.db
      .prepare("SELECT 1 FROM folders WHERE owner = ? AND title = ? COLLATE NOCASE")
      .get(owner.username, title)
    if (clash !== undefined) throw badRequest("Unable to create folder.", [`Folder title '${title}' not available.`])
    context.db
      .prepare("INSERT INTO folders (id, owner, title, created) VALUES (?, ?, ?, ?)")
      .run(id, owner.username, title, now())
  })
  return { success: true, folder: { username: owner.username, id, title } }
}

const folderOperation = (context: Context, match: RegExpExecArray) => {
  // Deleting a folder deletes its items; renaming it changes the owner's content.
  const deleting = (match[3] ?? "").toLowerCase() === "delete"
  const { owner, folder } = ownerScope(context, match[1] ?? "", match[2], deleting ? "delete" : "update")
  if (folder === undefined) throw badRequest("Folder does not exist or is inaccessible.", [], "CONT_0011")
  const { db } = context
  if ((match[3] ?? "").toLowerCase() === "delete") {
    const items = db.prepare("SELECT id, protected FROM items WHERE folder_id = ?").all(folder.id) as Array<{
      id: string
      protected: number
    }>
    if (items.some((item) => item.protected === 1))
      throw badRequest("Unable to delete folder.", ["The folder holds delete-protected items."])
    transaction(db, () => {
      db.prepare("DELETE FROM items WHERE folder_id = ?").run(folder.id)
      db.prepare("DELETE FROM folders WHERE id = ?").run(folder.id)
    })
    for (const item of items) removeItemFiles(context.dataDir, item.id)
    return { success: true, folder: { username: owner.username, id: folder.id, title: folder.title } }
  }
  const title = (context.params.get("newTitle") ?? context.params.get("title") ?? "").trim()
  if (title === "" || title.length > limits.folder)
    throw badRequest("Unable to update folder.", ["Invalid folder title."])
  transaction(db, () => {
    const clash = db
      .prepare("SELECT 1 FROM folders WHERE owner = ? AND title = ? COLLATE NOCASE AND id <> ?")
      .get(owner.username, title, folder.id)
    if (clash !== undefined) throw badRequest("Unable to update folder.", [`Folder title '${title}' not available.`])
    db.prepare("UPDATE folders SET title = ? WHERE id = ?").run(title, folder.id)
  })
  return { success: true }
}

/** Bulk operations: one result per item, failures reported inside `results`. */
const bulk = async (context: Context, match: RegExpExecArray) => {
  const operation = (match[2] ?? "").toLowerCase()
  const action: ContentAction | undefined =
    operation === "deleteitems" ? "delete" : operation === "moveitems" ? "update" : undefined
  const { owner } = ownerScope(context, match[1] ?? "", undefined, undefined)
  // Another user's content: only with a privilege this operation could use (each item is checked below too).
  if (
    action === undefined
      ? !canTouchSharing(context, { owner: owner.username })
      : !canUseContentSpace(context, owner, action)
  )
    throw forbidden()
  const ids = listParam(context.params, "items") ?? []
  if (ids.length > 100) throw badRequest("Invalid request", ["At most 100 items per call."])
  const results: Array<Record<string, unknown>> = []
  for (const id of ids) {
    const item = isHex32(id) ? findItem(context.db, id) : undefined
    if (
      item === undefined ||
      item.owner !== owner.username ||
      !canViewItem(context, item) ||
      !(action === undefined ? canTouchSharing(context, item) : canChangeItem(context, item, action))
    ) {
      results.push({
        itemId: id,
        success: false,
        error: { code: 500, message: "Item does not exist or is inaccessible" },
      })
      continue
    }
    try {
      if (operation === "shareitems")
        results.push({ itemId: id, success: true, notSharedWith: share(context, item, false) })
      else if (operation === "unshareitems")
        results.push({ itemId: id, success: true, notUnsharedFrom: unshare(context, item) })
      else if (operation === "deleteitems") {
        deleteItemRow(context, item)
        results.push({ itemId: id, success: true })
      } else {
        const folder = resolveFolder(context.db, item.owner, context.params.get("folder"))
        if (folder === item.folder_id) {
          results.push({
            itemId: id,
            success: false,
            error: { code: 500, message: "Item already exists in target folder" },
          })
          continue
        }
        move(context, item, folder ?? "/")
        results.push({ itemId: id, success: true })
      }
    } catch (error) {
      const fault = error instanceof Fault ? error : new Fault(500, "Unable to process the item.")
      results.push({ itemId: id, success: false, error: { code: fault.code, message: fault.message } })
    }
  }
  return { results }
}

const groupAdminShare = (context: Context, match: RegExpExecArray) => {
  requireUser(context)
  const item = visibleItem(context, match[1] ?? "")
  if ((match[2] ?? "").toLowerCase() === "share") return { notSharedWith: share(context, item, true), itemId: item.id }
  return { notUnsharedFrom: unshare(context, item), itemId: item.id }
}

const itemGroups = (context: Context, match: RegExpExecArray) => {
  const item = visibleItem(context, match[1] ?? "")
  const rows = context.db
    .prepare(
      "SELECT g.id, g.title, g.owner, g.access FROM groups g JOIN item_shares s ON s.group_id = g.id WHERE s.item_id = ? ORDER BY g.title",
    )
    .all(item.id) as Array<{ id: string; title: string; owner: string; access: string }>
  const admin: Array<unknown> = []
  const member: Array<unknown> = []
  const other: Array<unknown> = []
  for (const group of rows) {
    // Only groups the caller can see: an org group is no anonymous caller's business.
    if (!canViewGroup(context, group)) continue
    const role = context.user
      ? (context.db
          .prepare("SELECT member_type FROM group_members WHERE group_id = ? AND username = ?")
          .get(group.id, context.user.username) as { member_type: string } | undefined)
      : undefined
    if (role?.member_type === "owner" || role?.member_type === "admin") admin.push(group)
    else if (role !== undefined) member.push(group)
    else other.push(group)
  }
  return { admin, member, other }
}

const U = String.raw`content\/users\/([^/]+)`
const F = String.raw`(?:\/([0-9a-f]{32}))?`
const I = String.raw`items\/([^/]+)`

export const contentRoutes: ReadonlyArray<Route> = [
  { pattern: /^content\/items\/([^/]+)$/i, kind: "read", handle: getItem },
  { pattern: /^content\/items\/([^/]+)\/data$/i, kind: "read", handle: itemData },
  { pattern: /^content\/items\/([^/]+)\/info\/(.+)$/i, kind: "read", handle: itemInfo },
  { pattern: /^content\/items\/([^/]+)\/(share|unshare)$/i, kind: "write", handle: groupAdminShare },
  { pattern: /^content\/items\/([^/]+)\/groups$/i, kind: "read", handle: itemGroups },
  { pattern: new RegExp(`^${U}${F}\\/addItem$`, "i"), kind: "write", handle: addItem },
  { pattern: new RegExp(`^${U}\\/createFolder$`, "i"), kind: "write", handle: createFolder },
  { pattern: new RegExp(`^${U}\\/(shareItems|unshareItems|deleteItems|moveItems)$`, "i"), kind: "write", handle: bulk },
  {
    pattern: new RegExp(`^${U}\\/([0-9a-f]{32})\\/(delete|updateFolder)$`, "i"),
    kind: "write",
    handle: folderOperation,
  },
  { pattern: new RegExp(`^${U}${F}\\/${I}$`, "i"), kind: "read", handle: ownerView },
  { pattern: new RegExp(`^${U}${F}\\/${I}\\/([A-Za-z]+)$`, "i"), kind: "read", handle: itemOperation },
]
