/**
 * The federated server's admin "data items" API under `/server/admin` (digest §9.1) and the
 * portal's `portals/self/servers` listing (§2.5). Answers use the admin API's envelope.
 */
import { createHash, randomUUID } from "node:crypto"
import { existsSync, readFileSync, statSync } from "node:fs"
import { has, requireUser } from "./authorization.ts"
import type { Context, Route } from "./context.ts"
import { transaction } from "./db.ts"
import { Fault } from "./fault.ts"
import { alnum } from "./ids.ts"
import { serverUrl } from "./jobs.ts"
import { limitList } from "./request.ts"

/** The root folders of data items and the item types each takes (a Map: the root is read from a path). */
const roots = new Map<string, ReadonlyArray<string>>([
  ["bigDataFileShares", ["bigDataFileShare"]],
  ["cloudStores", ["cloudStore"]],
  ["enterpriseDatabases", ["egdb"]],
  ["fileShares", ["folder"]],
  ["nosqlDatabases", ["nosqlDatabase"]],
  ["rasterStores", ["rasterStore"]],
])

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

interface DataItemRow {
  id: string
  path: string
  type: string
  info: string
  created: number
}

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

const render = (row: DataItemRow, refCount?: number) => ({
  ...(JSON.parse(row.info) as Record<string, unknown>),
  path: row.path,
  type: row.type,
  id: row.id,
  ...(refCount === undefined ? {} : { totalRefCount: refCount }),
})

const findByPath = (context: Context, path: string) =>
  context.db.prepare("SELECT * FROM data_items WHERE path = ?").get(path) as DataItemRow | undefined

const refCount = (context: Context, path: string): number =>
  (
    context.db
      .prepare("SELECT COUNT(*) AS n FROM items WHERE properties LIKE ?")
      .get(`%"dataItemPath":${JSON.stringify(path)}%`) as { n: number }
  ).n

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

const dataRoot = () => ({ rootItems: [...roots.keys()].map((root) => `/${root}`) })

const container = (_context: Context, match: RegExpExecArray) => {
  const root = match[1] ?? ""
  if (!roots.has(root)) throw adminError(404, `Item '/${root}' does not exist.`)
  return { path: `/${root}`, type: "datadir", id: createHash("sha1").update(root).digest("hex").slice(0, 32) }
}

const getItem = (context: Context, match: RegExpExecArray) => {
  serverAdmin(context)
  const path = `/${match[1]}/${match[2]}`
  const operation = (match[3] ?? "").toLowerCase()
  const row = findByPath(context, path)
  if (row === undefined) throw adminError(404, `Item '${path}' does not exist.`)
  if (operation === "") return render(row)
  if (context.method !== "POST" && operation !== "manifest")
    throw new Fault(405, "Method not supported. Use POST for this operation.", undefined, [], 405)
  const info = JSON.parse(row.info) as Record<string, unknown>
  if (operation === "edit") {
    const item = parseItem(context.params.get("item"))
    const checked = checkPath(item)
    if (checked.path !== path || checked.type !== row.type)
      throw adminError(400, "The path and type of a data item cannot change.")
    const { path: _path, type: _type, id: _id, ...rest } = item
    transaction(context.db, () =>
      context.db.prepare("UPDATE data_items SET info = ? WHERE id = ?").run(JSON.stringify(rest), row.id),
    )
    return { status: "success" }
  }
  if (row.type !== "bigDataFileShare") throw adminError(400, "Only big data file shares have a manifest.")
  if (operation === "manifest") return (info.manifest as Record<string, unknown> | undefined) ?? { datasets: [] }
  // manifest/update: a `manifest` JSON parameter or a multipart file named `manifest`.
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
  transaction(context.db, () =>
    context.db
      .prepare("UPDATE data_items SET info = ? WHERE id = ?")
      .run(JSON.stringify({ ...info, manifest }), row.id),
  )
  return { status: "success" }
}

const register = (context: Context) => {
  serverAdmin(context)
  const item = parseItem(context.params.get("item"))
  const { path, type } = checkPath(item)
  const { path: _path, type: _type, id: _id, ...rest } = item
  return transaction(context.db, () => {
    if (findByPath(context, path) !== undefined)
      return { status: "exists", messages: [`An item with path '${path}' is already registered.`] }
    context.db
      .prepare("INSERT INTO data_items (id, path, type, info, created) VALUES (?, ?, ?, ?, ?)")
      .run(randomUUID(), path, type, JSON.stringify(rest), Date.now())
    return { status: "success" }
  })
}

const unregister = (context: Context) => {
  serverAdmin(context)
  const path = context.params.get("itempath") ?? ""
  if ((context.params.get("force") ?? "").toLowerCase() !== "true")
    throw adminError(400, "Unregistering a data item requires force=true.")
  const row = findByPath(context, path)
  if (row === undefined) throw adminError(404, `Item '${path.slice(0, 200)}' does not exist.`)
  transaction(context.db, () => context.db.prepare("DELETE FROM data_items WHERE id = ?").run(row.id))
  return { status: "success", success: true }
}

const findItems = (context: Context) => {
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
  const rows = context.db.prepare("SELECT * FROM data_items ORDER BY path").all() as unknown as Array<DataItemRow>
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

const validate = (context: Context) => {
  serverAdmin(context)
  const item = parseItem(context.params.get("item"))
  checkPath(item)
  const reason = invalidReason(item)
  if (reason !== undefined) throw adminError(400, reason)
  return { status: "success" }
}

const validateAll = (context: Context) => {
  serverAdmin(context)
  const rows = context.db.prepare("SELECT * FROM data_items ORDER BY path").all() as unknown as Array<DataItemRow>
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

const computeRefCount = (context: Context) => {
  serverAdmin(context)
  const path = context.params.get("itemPath") ?? context.params.get("path") ?? ""
  if (findByPath(context, path) === undefined) throw adminError(404, `Item '${path.slice(0, 200)}' does not exist.`)
  return { totalRefCount: refCount(context, path) }
}

const configOf = (context: Context): Record<string, unknown> => {
  const row = context.db.prepare("SELECT value FROM server_config WHERE key = 'datastoreConfig'").get() as
    | { value: string }
    | undefined
  return row === undefined ? { blockDataCopy: false } : (JSON.parse(row.value) as Record<string, unknown>)
}

const config = (context: Context, match: RegExpExecArray) => {
  serverAdmin(context)
  if ((match[1] ?? "") === "") return configOf(context)
  if (context.method !== "POST")
    throw new Fault(405, "Method not supported. Use POST for this operation.", undefined, [], 405)
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
  transaction(context.db, () =>
    context.db
      .prepare(
        "INSERT INTO server_config (key, value) VALUES ('datastoreConfig', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      )
      .run(JSON.stringify(next)),
  )
  return { status: "success" }
}

export const serverAdminRoutes: ReadonlyArray<Route> = [
  {
    pattern: /^data\/items$/i,
    kind: "read",
    handle: (context) => {
      serverAdmin(context)
      return dataRoot()
    },
  },
  {
    pattern: /^data\/items\/([A-Za-z]+)$/,
    kind: "read",
    handle: (context, match) => {
      serverAdmin(context)
      return container(context, match)
    },
  },
  {
    pattern: /^data\/items\/([A-Za-z]+)\/([^/]+)(?:\/(edit|manifest|manifest\/update))?$/,
    kind: "read",
    handle: getItem,
  },
  { pattern: /^data\/registerItem$/i, kind: "write", handle: register },
  { pattern: /^data\/unregisterItem$/i, kind: "write", handle: unregister },
  { pattern: /^data\/findItems$/i, kind: "read", handle: findItems },
  { pattern: /^data\/validateDataItem$/i, kind: "write", handle: validate },
  { pattern: /^data\/validateAllDataItems$/i, kind: "write", handle: validateAll },
  { pattern: /^data\/computeTotalRefCount$/i, kind: "read", handle: computeRefCount },
  { pattern: /^data\/config(\/update)?$/i, kind: "read", handle: config },
]

/** `portals/self/servers`: the one federated hosting server. */
export const serversRoute: Route = {
  pattern: /^portals\/(?:self|[A-Za-z0-9]{16})\/servers$/i,
  kind: "read",
  handle: (context) => {
    requireUser(context)
    const row = context.db.prepare("SELECT value FROM server_config WHERE key = 'serverId'").get() as
      | { value: string }
      | undefined
    const id = row?.value ?? alnum(16)
    if (row === undefined)
      context.db.prepare("INSERT OR IGNORE INTO server_config (key, value) VALUES ('serverId', ?)").run(id)
    const url = serverUrl(context)
    return {
      servers: [
        {
          id,
          name: new URL(url).host,
          url,
          adminUrl: url,
          isHosted: true,
          serverType: "ArcGIS",
          serverRole: "HOSTING_SERVER",
          serverFunction: "",
          webgisServerTrustKey: "",
        },
      ],
    }
  },
}
