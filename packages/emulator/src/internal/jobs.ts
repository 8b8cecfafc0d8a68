/**
 * Publish, export and createService as asynchronous jobs (digest §4.13–4.18): each creates its
 * result item at once with status `processing` and a job whose `status` turns `completed` (or
 * `failed`, with the reason in `statusMessage`) after the configured job time.
 */
import { existsSync, readFileSync } from "node:fs"
import { canChangeItem, canViewItem, has, requireContentSpace, requireUser } from "./authorization.ts"
import { itemColumns } from "./content.ts"
import type { Context, Route } from "./context.ts"
import { transaction } from "./db.ts"
import { badRequest, forbidden, itemNotFound } from "./fault.ts"
import { dataPath, writeBytes } from "./files.ts"
import { hex32, isHex32, jobId } from "./ids.ts"
import { findItem, findUser, type ItemRow } from "./model.ts"
import { jsonParam } from "./request.ts"

/** Where the emulated hosting server publishes services. */
export const serverUrl = (context: Context) => context.portalUrl.replace(/\/portal$/, "/server")

const serviceNamePattern = /^[A-Za-z0-9_]{1,120}$/

/** `_` and `%` in a name are characters, not LIKE wildcards. */
const likeLiteral = (value: string) => value.replace(/[\\%_]/g, (char) => `\\${char}`)

/** Whether a hosted service is called `name` (service names compare case-insensitively, as SQLite's LIKE does). */
const serviceTaken = (context: Context, name: string): boolean =>
  context.db
    .prepare("SELECT 1 FROM items WHERE url LIKE ? ESCAPE '\\' OR url LIKE ? ESCAPE '\\'")
    .get(
      `%/rest/services/Hosted/${likeLiteral(name)}/FeatureServer`,
      `%/rest/services/Hosted/${likeLiteral(name)}/MapServer`,
    ) !== undefined

/** Parses CSV text into a header and rows (quoted fields, commas and newlines inside quotes). */
export const parseCsv = (text: string): { fields: Array<string>; rows: Array<Array<string>> } => {
  const records: Array<Array<string>> = []
  let field = ""
  let record: Array<string> = []
  let quoted = false
  for (let index = 0; index < text.length; index++) {
    const char = text[index]
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"'
        index += 1
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ",") {
      record.push(field)
      field = ""
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[index + 1] === "\n") index += 1
      record.push(field)
      if (record.some((value) => value !== "")) records.push(record)
      record = []
      field = ""
    } else field += char
  }
  record.push(field)
  if (record.some((value) => value !== "")) records.push(record)
  const [fields = [], ...rows] = records
  return { fields: fields.map((name) => name.trim()), rows }
}

const locationFields = (fields: ReadonlyArray<string>) => {
  const find = (names: ReadonlyArray<string>) => fields.find((field) => names.includes(field.toLowerCase()))
  const latitude = find(["lat", "latitude", "y", "ycenter", "point_y"])
  const longitude = find(["lon", "long", "longitude", "x", "xcenter", "point_x"])
  const address = find(["address", "addr", "street", "location"])
  return { latitude, longitude, address }
}

const csvText = (context: Context): string => {
  const text = context.params.get("text")
  if (text !== undefined) return text
  const id = context.params.get("itemId") ?? context.params.get("itemid") ?? ""
  const item = isHex32(id) ? findItem(context.db, id) : undefined
  if (item === undefined || !canViewItem(context, item)) throw itemNotFound()
  const path = dataPath(context.dataDir, item.id)
  return existsSync(path) ? readFileSync(path, "utf8") : ""
}

const analyze = (context: Context) => {
  requireUser(context)
  const fileType = (context.params.get("filetype") ?? context.params.get("fileType") ?? "csv").toLowerCase()
  if (fileType !== "csv") throw badRequest("Unsupported file type.", ["The emulator analyzes CSV only."])
  const { fields, rows } = parseCsv(csvText(context))
  if (fields.length === 0) throw badRequest("Unable to analyze.", ["The CSV has no header row."])
  const { latitude, longitude, address } = locationFields(fields)
  const types = fields.map((_, column) =>
    rows.every((row) => row[column] === undefined || row[column] === "" || Number.isFinite(Number(row[column])))
      ? "esriFieldTypeDouble"
      : "esriFieldTypeString",
  )
  return {
    publishParameters: {
      type: "csv",
      name: "",
      locationType: latitude && longitude ? "coordinates" : address ? "address" : "none",
      latitudeFieldName: latitude,
      longitudeFieldName: longitude,
      addressTemplate: address ? `{${address}}` : undefined,
      columnDelimiter: ",",
      sourceSR: { wkid: 4326 },
      layerInfo: {
        fields: fields.map((name, column) => ({
          name,
          alias: name,
          type: types[column],
          nullable: true,
          editable: true,
        })),
      },
    },
    records: rows
      .slice(0, 10)
      .map((row) => Object.fromEntries(fields.map((name, column) => [name, row[column] ?? null]))),
  }
}

const generate = (context: Context) => {
  requireUser(context)
  const fileType = (context.params.get("filetype") ?? context.params.get("fileType") ?? "csv").toLowerCase()
  if (fileType !== "csv") throw badRequest("Unsupported file type.", ["The emulator generates features from CSV only."])
  const publish = (jsonParam(context.params, "publishParameters") ?? {}) as {
    latitudeFieldName?: string
    longitudeFieldName?: string
    name?: string
  }
  const { fields, rows } = parseCsv(csvText(context))
  if (rows.length > 10_000) throw badRequest("Unable to generate features.", ["At most 10,000 records."])
  const detected = locationFields(fields)
  const latitude = publish.latitudeFieldName ?? detected.latitude
  const longitude = publish.longitudeFieldName ?? detected.longitude
  const latitudeIndex = latitude === undefined ? -1 : fields.indexOf(latitude)
  const longitudeIndex = longitude === undefined ? -1 : fields.indexOf(longitude)
  const features = rows.map((row, index) => {
    // Built from entries, not assigned: a CSV column may be named `__proto__`.
    const attributes: Record<string, unknown> = Object.fromEntries([
      ["__OBJECTID", index + 1],
      ...fields.map((name, column) => {
        const value = row[column] ?? null
        return [name, value !== null && value !== "" && Number.isFinite(Number(value)) ? Number(value) : value]
      }),
    ])
    const x = Number(row[longitudeIndex])
    const y = Number(row[latitudeIndex])
    return latitudeIndex >= 0 && longitudeIndex >= 0 && Number.isFinite(x) && Number.isFinite(y)
      ? { attributes, geometry: { x, y, spatialReference: { wkid: 4326 } } }
      : { attributes }
  })
  return {
    featureCollection: {
      layers: [
        {
          layerDefinition: {
            name: publish.name ?? "CSV",
            geometryType: "esriGeometryPoint",
            objectIdField: "__OBJECTID",
            fields: [
              { name: "__OBJECTID", type: "esriFieldTypeOID" },
              ...fields.map((name) => ({ name, alias: name, type: "esriFieldTypeString" })),
            ],
          },
          featureSet: { geometryType: "esriGeometryPoint", features },
        },
      ],
    },
  }
}

const startJob = (context: Context, item: string, type: string, owner: string, failure?: string) => {
  const id = jobId()
  const time = Date.now()
  context.db
    .prepare(
      "INSERT INTO jobs (id, item_id, type, status, status_message, owner, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .run(id, item, type, failure === undefined ? "processing" : "failed", failure ?? null, owner, time, time)
  return id
}

const newServiceItem = (
  context: Context,
  options: {
    owner: string
    folder: string | null
    name: string
    title: string
    type: "Feature Service" | "Map Service"
    extra?: Record<string, unknown>
    properties?: Record<string, string | null>
  },
) => {
  const id = hex32()
  const time = Date.now()
  const kind = options.type === "Feature Service" ? "FeatureServer" : "MapServer"
  const url = `${serverUrl(context)}/rest/services/Hosted/${options.name}/${kind}`
  const keywords =
    options.type === "Feature Service"
      ? ["ArcGIS Server", "Data", "Feature Access", "Feature Service", "Service", "Hosted Service"]
      : ["ArcGIS Server", "Data", "Map Service", "Service", "Hosted Service", "Tiled"]
  context.db
    .prepare(
      `INSERT INTO items (id, owner, folder_id, title, type, type_keywords, tags, url, name, access, status, created, modified, extra, snippet, description)
       VALUES (?, ?, ?, ?, ?, ?, '[]', ?, ?, 'private', 'processing', ?, ?, ?, ?, ?)`,
    )
    .run(
      id,
      options.owner,
      options.folder,
      options.title,
      options.type,
      JSON.stringify(keywords),
      url,
      options.name,
      time,
      time,
      JSON.stringify({ _readyAt: time + context.settings.jobMillis, ...(options.extra ?? {}) }),
      options.properties?.snippet ?? null,
      options.properties?.description ?? null,
    )
  return { id, url }
}

/**
 * The content space a job creates its item in: the caller's own, or — for a default administrator — another
 * user's; creating content needs `portal:user:createItem` besides the job's own privilege.
 */
const ownerFolder = (context: Context, username: string, folderId: string | undefined) => {
  const caller = requireUser(context)
  const owner = findUser(context.db, username)
  if (owner === undefined) throw forbidden()
  requireContentSpace(context, owner, "create")
  if (!has(context, "portal:user:createItem")) throw forbidden()
  if (
    folderId !== undefined &&
    context.db.prepare("SELECT 1 FROM folders WHERE id = ? AND owner = ?").get(folderId, owner.username) === undefined
  ) {
    throw badRequest("Folder does not exist or is inaccessible.", [], "CONT_0011")
  }
  return { caller, owner, folder: folderId ?? null }
}

/** The `fileType`s publish takes and the item type of each (Maps, not objects: the keys come from requests). */
const publishable = new Map([
  ["csv", "CSV"],
  ["shapefile", "Shapefile"],
  ["servicedefinition", "Service Definition"],
  ["filegeodatabase", "File Geodatabase"],
  ["geojson", "GeoJson"],
  ["featurecollection", "Feature Collection"],
  ["excel", "Microsoft Excel"],
  ["featureservice", "Feature Service"],
  ["tilepackage", "Tile Package"],
  ["vectortilepackage", "Vector Tile Package"],
  ["scenepackage", "Scene Package"],
])

const publish = (context: Context, match: RegExpExecArray) => {
  const { caller, owner, folder } = ownerFolder(context, match[1] ?? "", match[2])
  const { params, db } = context
  const itemId = params.get("itemId") ?? params.get("itemID") ?? ""
  const source = isHex32(itemId) ? findItem(db, itemId) : undefined
  if (source === undefined || !canViewItem(context, source)) throw itemNotFound()
  if (!canChangeItem(context, source, "update")) throw forbidden()
  const fileType = (params.get("filetype") ?? params.get("fileType") ?? "").toLowerCase()
  const expected = publishable.get(fileType)
  if (expected === undefined)
    throw badRequest("Invalid file type.", [`'${fileType.slice(0, 40)}' cannot be published.`])
  const outputType = params.get("outputType")
  const tiles = outputType !== undefined && /tiles/i.test(outputType)
  const privilege =
    tiles || fileType.includes("tile") ? "portal:publisher:publishTiles" : "portal:publisher:publishFeatures"
  if (!has(context, privilege)) throw forbidden()
  const parameters = (jsonParam(params, "publishParameters") ?? {}) as { name?: unknown }
  const overwrite = (params.get("overwrite") ?? "false").toLowerCase() === "true"
  const name = typeof parameters.name === "string" ? parameters.name : ""
  if (!overwrite && !serviceNamePattern.test(name))
    throw badRequest("Invalid service name.", ["publishParameters.name must be letters, digits and underscores."])
  // A source whose data cannot be published becomes a failed job, as on a real portal.
  let failure: string | undefined
  if (fileType === "csv") {
    const path = dataPath(context.dataDir, source.id)
    const { fields, rows } = parseCsv(existsSync(path) ? readFileSync(path, "utf8") : "")
    if (fields.length === 0 || rows.length === 0) failure = "Unable to publish: the CSV file has no records."
  }
  return transaction(db, () => {
    let service: { id: string; url: string }
    if (overwrite) {
      const existing = db
        .prepare(
          "SELECT i.* FROM relationships r JOIN items i ON i.id = r.origin_id WHERE r.destination_id = ? AND r.type = 'Service2Data'",
        )
        .get(source.id) as ItemRow | undefined
      if (existing === undefined) throw badRequest("Unable to overwrite.", ["No service was published from this item."])
      db.prepare("UPDATE items SET status = 'processing', modified = ?, extra = ? WHERE id = ?").run(
        Date.now(),
        JSON.stringify({
          ...(JSON.parse(existing.extra) as object),
          _readyAt: Date.now() + context.settings.jobMillis,
        }),
        existing.id,
      )
      service = { id: existing.id, url: existing.url ?? "" }
    } else {
      if (serviceTaken(context, name))
        throw badRequest("Service name already exists.", [`A service named '${name}' already exists.`])
      service = newServiceItem(context, {
        owner: owner.username,
        folder,
        name,
        title: name,
        type: tiles ? "Map Service" : "Feature Service",
        extra: { sourceItemId: source.id },
      })
      db.prepare(
        "INSERT INTO relationships (origin_id, destination_id, type, created, creator) VALUES (?, ?, ?, ?, ?)",
      ).run(service.id, source.id, tiles ? "Service2Service" : "Service2Data", Date.now(), caller.username)
    }
    if (failure !== undefined) db.prepare("UPDATE items SET status = 'failed' WHERE id = ?").run(service.id)
    const job = startJob(context, service.id, "publish", owner.username, failure)
    return {
      services: [
        {
          type: tiles ? "Map Service" : "Feature Service",
          serviceurl: service.url,
          encodedServiceURL: service.url,
          size: source.size,
          jobId: job,
          serviceItemId: service.id,
        },
      ],
    }
  })
}

const exportFormats = new Map([
  ["shapefile", "Shapefile"],
  ["csv", "CSV"],
  ["file geodatabase", "File Geodatabase"],
  ["feature collection", "Feature Collection"],
  ["geojson", "GeoJson"],
  ["scene package", "Scene Package"],
  ["kml", "KML"],
  ["excel", "Microsoft Excel"],
])

const exportItem = (context: Context, match: RegExpExecArray) => {
  const { owner } = ownerFolder(context, match[1] ?? "", undefined)
  const { params, db } = context
  const itemId = params.get("itemId") ?? ""
  const source = isHex32(itemId) ? findItem(db, itemId) : undefined
  if (source === undefined || !canViewItem(context, source)) throw itemNotFound()
  if (!canChangeItem(context, source, "update")) throw forbidden()
  if (source.type !== "Feature Service")
    throw badRequest("Unable to export.", ["Only feature services can be exported."])
  const formatName = params.get("exportFormat") ?? ""
  const type = exportFormats.get(formatName.toLowerCase())
  if (type === undefined)
    throw badRequest("Invalid export format.", [`'${formatName.slice(0, 40)}' is not an export format.`])
  const parameters = jsonParam(params, "exportParameters")
  if (parameters !== undefined && (typeof parameters !== "object" || parameters === null))
    throw badRequest("Invalid exportParameters.")
  const title = params.get("title") || `${source.title} (${type})`
  if (title.length > 256) throw badRequest("Invalid request", ["'title' is longer than 256 characters."])
  // The export carries the data the service was published from, when there is one.
  const sourceData = (JSON.parse(source.extra) as { sourceItemId?: string }).sourceItemId
  const dataFile = sourceData === undefined ? undefined : dataPath(context.dataDir, sourceData)
  const bytes =
    dataFile !== undefined && existsSync(dataFile)
      ? readFileSync(dataFile)
      : Buffer.from(JSON.stringify({ layers: [] }))
  const id = hex32()
  const extension = type === "CSV" ? "csv" : type === "GeoJson" ? "geojson" : type === "KML" ? "kml" : "zip"
  writeBytes(dataPath(context.dataDir, id), bytes)
  return transaction(db, () => {
    const time = Date.now()
    db.prepare(
      `INSERT INTO items (id, owner, title, type, type_keywords, tags, name, size, access, status, created, modified, extra)
       VALUES (?, ?, ?, ?, '[]', '[]', ?, ?, 'private', 'processing', ?, ?, ?)`,
    ).run(
      id,
      owner.username,
      title,
      type,
      `${title.replace(/[^\w-]+/g, "_")}.${extension}`,
      bytes.byteLength,
      time,
      time,
      JSON.stringify({ _readyAt: time + context.settings.jobMillis }),
    )
    const job = startJob(context, id, "export", owner.username)
    return {
      type,
      size: bytes.byteLength,
      jobId: job,
      exportItemId: id,
      serviceItemId: source.id,
      exportFormat: formatName,
    }
  })
}

/**
 * The item properties a createService request carries beside `createParameters` (Python's `item_properties`: tags,
 * type keywords, extent, terms of use…), read by addItem's own rules: every one of them lands on the new item. The
 * title, type and URL are the service's own.
 */
const serviceItemColumns = (params: Context["params"]) => {
  const { title: _title, type: _type, url: _url, categories, ...columns } = itemColumns(params)
  return {
    columns,
    categories: typeof categories === "string" ? (JSON.parse(categories) as ReadonlyArray<string>) : undefined,
  }
}

const createService = (context: Context, match: RegExpExecArray) => {
  const { owner, folder } = ownerFolder(context, match[1] ?? "", match[2])
  const { params, db } = context
  if (!has(context, "portal:publisher:publishFeatures")) throw forbidden()
  const create = jsonParam(params, "createParameters") as { name?: unknown; serviceDescription?: unknown } | undefined
  if (create === undefined || typeof create !== "object" || create === null)
    throw badRequest("Invalid request", ["'createParameters' is required."])
  const name = typeof create.name === "string" ? create.name : ""
  if (!serviceNamePattern.test(name))
    throw badRequest("Invalid service name.", ["The name must be letters, digits and underscores."])
  const outputType = (params.get("outputType") ?? "featureService").toLowerCase()
  if (outputType !== "featureservice" && outputType !== "imageservice") throw badRequest("Invalid outputType.")
  const { columns, categories } = serviceItemColumns(params)
  return transaction(db, () => {
    if (serviceTaken(context, name))
      throw badRequest("Service name already exists.", [`A service named '${name}' already exists.`])
    const service = newServiceItem(context, {
      owner: owner.username,
      folder,
      name,
      title: params.get("title") ?? name,
      type: "Feature Service",
      extra: { createParameters: create, ...(categories === undefined ? {} : { categories }) },
    })
    if (columns.type_keywords !== undefined) {
      // The caller's keywords join the service's own ("Feature Service", "Hosted Service"…), which stay.
      const own = JSON.parse(findItem(db, service.id)?.type_keywords ?? "[]") as Array<string>
      columns.type_keywords = JSON.stringify([
        ...new Set([...own, ...(JSON.parse(columns.type_keywords as string) as Array<string>)]),
      ])
    }
    const names = Object.keys(columns)
    if (names.length > 0) {
      db.prepare(`UPDATE items SET ${names.map((column) => `${column} = ?`).join(", ")} WHERE id = ?`).run(
        ...names.map((column) => columns[column] ?? null),
        service.id,
      )
    }
    const job = startJob(context, service.id, "createService", owner.username)
    return {
      encodedServiceURL: service.url,
      itemId: service.id,
      name,
      serviceItemId: service.id,
      serviceurl: service.url,
      size: -1,
      success: true,
      type: "Feature Service",
      typeKeywords: ["ArcGIS Server", "Data", "Feature Access", "Feature Service", "Service", "Hosted Service"],
      isView: false,
      jobId: job,
    }
  })
}

const isServiceNameAvailable = (context: Context) => {
  requireUser(context)
  const name = context.params.get("name") ?? ""
  const type = context.params.get("type") ?? ""
  if (name === "" || type === "") throw badRequest("Invalid request", ["'name' and 'type' are required."])
  // Services are only ever created under valid names, so no other name is taken — and a long one would exceed
  // SQLite's LIKE pattern limit (50,000 bytes; a 500 the fuzz test found).
  return { available: !serviceNamePattern.test(name) || !serviceTaken(context, name) }
}

export const jobRoutes: ReadonlyArray<Route> = [
  { pattern: /^content\/users\/([^/]+)(?:\/([0-9a-f]{32}))?\/publish$/i, kind: "write", handle: publish },
  { pattern: /^content\/users\/([^/]+)\/export$/i, kind: "write", handle: exportItem },
  { pattern: /^content\/users\/([^/]+)(?:\/([0-9a-f]{32}))?\/createService$/i, kind: "write", handle: createService },
  {
    pattern: /^portals\/(?:self|[A-Za-z0-9]{16})\/isServiceNameAvailable$/i,
    kind: "read",
    handle: isServiceNameAvailable,
  },
  { pattern: /^content\/features\/analyze$/i, kind: "write", handle: analyze },
  { pattern: /^content\/features\/generate$/i, kind: "write", handle: generate },
]
