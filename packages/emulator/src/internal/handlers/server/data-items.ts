/**
 * The federated server's admin "data items" API under `/server/admin` (digest §9.1): registering, finding, editing
 * and validating data stores, big data file share manifests, and the data store settings. A signed-in holder of
 * `portal:admin:manageServers` only; answers and failures use the admin API's envelope.
 */
import { createHash, randomUUID } from "node:crypto"
import { existsSync, readFileSync, statSync } from "node:fs"
import { has } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { Fault } from "../../errors.ts"
import { limitList } from "../../request.ts"
import { requirePost } from "../../route.ts"
import {
  allDataItems,
  type DataItemRow,
  deleteDataItemRow,
  findDataItem,
  insertDataItem,
  setDataItemInfo,
} from "../../storage/data-items.ts"
import { transaction } from "../../storage/database.ts"
import { countItemsReferring } from "../../storage/items.ts"
import { datastoreConfigText, saveDatastoreConfig } from "../../storage/portal.ts"

/** The root folders of data items and the item types each takes (a Map: the root is read from a path). */
const roots = new Map<string, ReadonlyArray<string>>([
  ["bigDataFileShares", ["bigDataFileShare"]],
  ["cloudStores", ["cloudStore"]],
  ["enterpriseDatabases", ["egdb"]],
  ["fileShares", ["folder"]],
  ["nosqlDatabases", ["nosqlDatabase"]],
  ["rasterStores", ["rasterStore"]],
])

/** A failure of the admin API: its envelope is `{"status":"error","messages","code"}`. */
const adminError = (code: number, message: string) => new Fault(code, message)

/** The server admin: a signed-in user holding `portal:admin:manageServers`. */
const serverAdmin = (context: Context) => {
  if (context.user === undefined) {
    throw adminError(
      499,
      "Unauthorized access. Token not found. You can generate a token using the 'generateToken' operation.",
    )
  }
  if (!has(context, "portal:admin:manageServers")) {
    throw adminError(403, "User does not have permissions to access the administrative resources of this server.")
  }
  return context.user
}

/** The `item` parameter: a JSON object, or a 400 in the admin envelope. */
const parseItem = (raw: string | undefined): Record<string, unknown> => {
  let item: unknown
  try {
    item = JSON.parse(raw ?? "")
  } catch {
    throw adminError(400, "'item' must be a JSON object.")
  }
  if (typeof item !== "object" || item === null || Array.isArray(item))
    throw adminError(400, "'item' must be a JSON object.")
  return item as Record<string, unknown>
}

/** A data item's `path` (`/<root>/<name>`) and `type`, which its root must take. */
const checkPath = (item: Record<string, unknown>) => {
  const path = item.path
  const type = item.type
  if (typeof path !== "string" || typeof type !== "string")
    throw adminError(400, "A data item needs a 'path' and a 'type'.")
  const match = /^\/([A-Za-z]+)\/([A-Za-z0-9_. -]{1,120})$/.exec(path)
  const allowed = match === null ? undefined : roots.get(match[1] ?? "")
  if (match === null || allowed === undefined)
    throw adminError(400, `The path '${path.slice(0, 200)}' is not a valid data item path.`)
  if (!allowed.includes(type))
    throw adminError(400, `Items of type '${type.slice(0, 40)}' cannot be registered under '/${match[1]}'.`)
  if (item.info !== undefined && (typeof item.info !== "object" || item.info === null))
    throw adminError(400, "'info' must be an object.")
  return { path, type }
}

/** A data item as the admin API answers it: its info, path, type and id. */
const render = (row: DataItemRow, refCount?: number) => ({
  ...(JSON.parse(row.info) as Record<string, unknown>),
  path: row.path,
  type: row.type,
  id: row.id,
  ...(refCount === undefined ? {} : { totalRefCount: refCount }),
})

const findByPath = (context: Context, path: string) => findDataItem(context.db, path)

/** How many portal items refer to the data item at `path`. */
const refCount = (context: Context, path: string): number => countItemsReferring(context.db, path)

/** Parses `KEY=VALUE;KEY=VALUE` connection strings. */
const parseConnection = (value: string): ReadonlyMap<string, string> =>
  new Map(
    value
      .split(";")
      .map((part) => part.trim())
      .filter((part) => part !== "")
      .map((part): [string, string] => {
        const index = part.indexOf("=")
        return index < 0
          ? [part.toUpperCase(), ""]
          : [part.slice(0, index).trim().toUpperCase(), part.slice(index + 1).trim()]
      }),
  )

/** Why an item is not valid, or `undefined` when it is. */
const invalidReason = (item: Record<string, unknown>): string | undefined => {
  const info = (item.info ?? {}) as Record<string, unknown>
  switch (item.type) {
    case "folder": {
      const path = info.path
      if (typeof path !== "string" || path === "") return "The folder has no server path."
      return existsSync(path) && statSync(path).isDirectory()
        ? undefined
        : `The folder '${path}' is not accessible from the server.`
    }
    case "egdb": {
      const connection = info.connectionString
      if (typeof connection !== "string") return "The database has no connection string."
      const parsed = parseConnection(connection)
      if (!parsed.get("DBCLIENT") && !parsed.get("SERVER") && !parsed.get("INSTANCE"))
        return "The connection string names no server or instance."
      if (!parsed.get("DATABASE") && !parsed.get("DB_CONNECTION_PROPERTIES") && !parsed.get("INSTANCE"))
        return "The connection string names no database."
      return undefined
    }
    case "bigDataFileShare": {
      let path: unknown
      try {
        path =
          typeof info.connectionString === "string"
            ? (JSON.parse(info.connectionString) as { path?: unknown }).path
            : undefined
      } catch {
        return "The big data file share's connection string is not JSON."
      }
      if (typeof path !== "string") return "The big data file share has no path."
      return existsSync(path) ? undefined : `The share '${path}' is not accessible from the server.`
    }
    default:
      return undefined
  }
}

/** `GET data/items`: the root folders of data items. */
export const rootItems = (context: Context) => {
  serverAdmin(context)
  return { rootItems: [...roots.keys()].map((root) => `/${root}`) }
}

/** `GET data/items/<root>`: one root folder. */
export const rootItem = (context: Context, match: RegExpExecArray) => {
  serverAdmin(context)
  const root = match[1] ?? ""
  if (!roots.has(root)) throw adminError(404, `Item '/${root}' does not exist.`)
  return { path: `/${root}`, type: "datadir", id: createHash("sha1").update(root).digest("hex").slice(0, 32) }
}

/** The registered data item `data/items/<root>/<name>` names (a 404 in the admin envelope when there is none). */
const registeredItem = (context: Context, match: RegExpExecArray) => {
  serverAdmin(context)
  const path = `/${match[1]}/${match[2]}`
  const row = findByPath(context, path)
  if (row === undefined) throw adminError(404, `Item '${path}' does not exist.`)
  return { path, row, info: JSON.parse(row.info) as Record<string, unknown> }
}

/** `GET data/items/<root>/<name>`: a registered data item. */
export const dataItem = (context: Context, match: RegExpExecArray) => render(registeredItem(context, match).row)

/** `POST data/items/<root>/<name>/edit`: its `item` JSON (the path and type stay). */
export const editItem = (context: Context, match: RegExpExecArray) => {
  const { path, row } = registeredItem(context, match)
  requirePost(context)
  const item = parseItem(context.params.get("item"))
  const checked = checkPath(item)
  if (checked.path !== path || checked.type !== row.type)
    throw adminError(400, "The path and type of a data item cannot change.")
  const { path: _path, type: _type, id: _id, ...rest } = item
  transaction(context.db, () => setDataItemInfo(context.db, row.id, JSON.stringify(rest)))
  return { status: "success" }
}

/** A big data file share's item (the only kind with a manifest). */
const fileShareOf = (context: Context, match: RegExpExecArray, post: boolean) => {
  const { row, info } = registeredItem(context, match)
  if (post) requirePost(context)
  if (row.type !== "bigDataFileShare") throw adminError(400, "Only big data file shares have a manifest.")
  return { row, info }
}

/** `GET data/items/<root>/<name>/manifest`: a big data file share's manifest. */
export const manifest = (context: Context, match: RegExpExecArray) =>
  (fileShareOf(context, match, false).info.manifest as Record<string, unknown> | undefined) ?? { datasets: [] }

/** `POST data/items/<root>/<name>/manifest/update`: a `manifest` JSON parameter or a multipart file named `manifest`. */
export const updateManifest = (context: Context, match: RegExpExecArray) => {
  const { row, info } = fileShareOf(context, match, true)
  const file = context.params.files.find((entry) => entry.field.toLowerCase() === "manifest")
  const raw = file !== undefined ? readFileSync(file.path, "utf8") : context.params.get("manifest")
  let manifest: unknown
  try {
    manifest = JSON.parse(raw ?? "")
  } catch {
    throw adminError(400, "The manifest must be JSON.")
  }
  if (
    typeof manifest !== "object" ||
    manifest === null ||
    !Array.isArray((manifest as { datasets?: unknown }).datasets)
  ) {
    throw adminError(400, "The manifest must have a 'datasets' array.")
  }
  transaction(context.db, () => setDataItemInfo(context.db, row.id, JSON.stringify({ ...info, manifest })))
  return { status: "success" }
}

/** `POST data/registerItem`: a data item (`item` JSON with `path`, `type`, `info`); an existing path is `exists`. */
export const registerItem = (context: Context) => {
  serverAdmin(context)
  const item = parseItem(context.params.get("item"))
  const { path, type } = checkPath(item)
  const { path: _path, type: _type, id: _id, ...rest } = item
  return transaction(context.db, () => {
    if (findByPath(context, path) !== undefined)
      return { status: "exists", messages: [`An item with path '${path}' is already registered.`] }
    insertDataItem(context.db, { id: randomUUID(), path, type, info: JSON.stringify(rest) }, Date.now())
    return { status: "success" }
  })
}

/** `POST data/unregisterItem`: `itempath`, with `force=true`. */
export const unregisterItem = (context: Context) => {
  serverAdmin(context)
  const path = context.params.get("itempath") ?? ""
  if ((context.params.get("force") ?? "").toLowerCase() !== "true")
    throw adminError(400, "Unregistering a data item requires force=true.")
  const row = findByPath(context, path)
  if (row === undefined) throw adminError(404, `Item '${path.slice(0, 200)}' does not exist.`)
  transaction(context.db, () => deleteDataItemRow(context.db, row.id))
  return { status: "success", success: true }
}

/** `GET data/findItems`: by `parentPath`, `ancestorPath`, `types` or `id`, with their reference counts. */
export const findItems = (context: Context) => {
  serverAdmin(context)
  const parent = context.params.get("parentPath")
  const ancestor = context.params.get("ancestorPath")
  const types = limitList(
    "types",
    (context.params.get("types") ?? "")
      .split(",")
      .map((type) => type.trim())
      .filter((type) => type !== ""),
  )
  const id = context.params.get("id")
  if (parent === undefined && ancestor === undefined && types.length === 0 && id === undefined) {
    throw adminError(400, "Specify parentPath, ancestorPath, types or id.")
  }
  const rows = allDataItems(context.db)
  const items = rows.filter((row) => {
    const parentOf = row.path.slice(0, row.path.lastIndexOf("/")) || "/"
    if (parent !== undefined && parentOf !== parent.replace(/\/+$/, "")) return false
    if (ancestor !== undefined && ancestor !== "/" && !row.path.startsWith(`${ancestor.replace(/\/+$/, "")}/`))
      return false
    if (types.length > 0 && !types.includes(row.type)) return false
    if (id !== undefined && row.id !== id) return false
    return true
  })
  return { items: items.map((row) => render(row, refCount(context, row.path))) }
}

/** `POST data/validateDataItem`: whether the server can reach what `item` describes. */
export const validateDataItem = (context: Context) => {
  serverAdmin(context)
  const item = parseItem(context.params.get("item"))
  checkPath(item)
  const reason = invalidReason(item)
  if (reason !== undefined) throw adminError(400, reason)
  return { status: "success" }
}

/** `POST data/validateAllDataItems`: every registered item validated. */
export const validateAllDataItems = (context: Context) => {
  serverAdmin(context)
  const rows = allDataItems(context.db)
  const results = rows.map((row) => {
    const reason = invalidReason(render(row))
    return {
      path: row.path,
      status: reason === undefined ? "success" : "error",
      ...(reason === undefined ? {} : { messages: [reason] }),
    }
  })
  const failed = results.filter((result) => result.status === "error")
  if (failed.length > 0) {
    return {
      status: "error",
      code: 400,
      messages: failed.map((result) => `${result.path}: ${result.messages?.[0] ?? "invalid"}`),
      items: results,
    }
  }
  return { status: "success", items: results }
}

/** `GET data/computeTotalRefCount`: how many portal items refer to the data item `itemPath`. */
export const computeTotalRefCount = (context: Context) => {
  serverAdmin(context)
  const path = context.params.get("itemPath") ?? context.params.get("path") ?? ""
  if (findByPath(context, path) === undefined) throw adminError(404, `Item '${path.slice(0, 200)}' does not exist.`)
  return { totalRefCount: refCount(context, path) }
}

/** The data store settings (`blockDataCopy` false until set). */
const configOf = (context: Context): Record<string, unknown> => {
  const value = datastoreConfigText(context.db)
  return value === undefined ? { blockDataCopy: false } : (JSON.parse(value) as Record<string, unknown>)
}

/** `GET data/config`: the data store settings. */
export const datastoreConfig = (context: Context) => {
  serverAdmin(context)
  return configOf(context)
}

/** `POST data/config/update`: merges `datastoreConfig` (a JSON object; `blockDataCopy` a boolean) into them. */
export const updateDatastoreConfig = (context: Context) => {
  serverAdmin(context)
  requirePost(context)
  let update: unknown
  try {
    update = JSON.parse(context.params.get("datastoreConfig") ?? "")
  } catch {
    throw adminError(400, "'datastoreConfig' must be JSON.")
  }
  if (typeof update !== "object" || update === null || Array.isArray(update))
    throw adminError(400, "'datastoreConfig' must be a JSON object.")
  const blockDataCopy = (update as { blockDataCopy?: unknown }).blockDataCopy
  if (blockDataCopy !== undefined && typeof blockDataCopy !== "boolean")
    throw adminError(400, "'blockDataCopy' must be true or false.")
  const next = { ...configOf(context), ...(update as Record<string, unknown>) }
  transaction(context.db, () => saveDatastoreConfig(context.db, JSON.stringify(next)))
  return { status: "success" }
}
