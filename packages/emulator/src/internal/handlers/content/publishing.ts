/**
 * Publish, export and createService as asynchronous jobs (digest §4.13–4.18): each creates its result item at once
 * with status `processing` and a job whose `status` turns `completed` (or `failed`, with the reason in
 * `statusMessage`) after the configured job time. Also `isServiceNameAvailable`.
 */
import { existsSync, readFileSync } from "node:fs"
import { canChangeItem, has, requireContentSpace, requireUser } from "../../authorization.ts"
import { type Context, serverUrl } from "../../context.ts"
import { parseCsv } from "../../csv.ts"
import { badRequest, forbidden } from "../../errors.ts"
import { dataPath, writeBytes } from "../../files.ts"
import { hex32, jobId } from "../../ids.ts"
import { jsonParam } from "../../request.ts"
import { type Database, transaction } from "../../storage/database.ts"
import { allocateObjectIds, deleteServiceFeatures, insertFeature } from "../../storage/features.ts"
import { folderExists } from "../../storage/folders.ts"
import {
  findItem,
  insertExportItem,
  insertServiceItem,
  markItemFailed,
  reprocessItem,
  updateItemColumns,
  urlLikeTaken,
} from "../../storage/items.ts"
import { insertJob } from "../../storage/jobs.ts"
import { insertCreatedRelationship, serviceFromData } from "../../storage/relationships.ts"
import { findUser } from "../../storage/users.ts"
import { findVisibleItem } from "../items/lookup.ts"
import { csvLayer, maxCsvRecords } from "../server/services.ts"
import { itemColumns } from "./item-params.ts"

const serviceNamePattern = /^[A-Za-z0-9_]{1,120}$/

/** `_` and `%` in a name are characters, not LIKE wildcards. */
const likeLiteral = (value: string) => value.replace(/[\\%_]/g, (char) => `\\${char}`)

/** Whether a hosted service is called `name` (service names compare case-insensitively, as SQLite's LIKE does). */
const serviceTaken = (context: Context, name: string): boolean =>
  urlLikeTaken(
    context.db,
    `%/rest/services/Hosted/${likeLiteral(name)}/FeatureServer`,
    `%/rest/services/Hosted/${likeLiteral(name)}/MapServer`,
  )

/** A new job on `item`: `processing`, or `failed` with `failure` as its status message. */
const startJob = (context: Context, item: string, type: string, owner: string, failure?: string) => {
  const id = jobId()
  insertJob(context.db, { id, itemId: item, type, owner }, failure, Date.now())
  return id
}

/** A hosted service's item, `processing` until its job's time has passed. */
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
  insertServiceItem(
    context.db,
    {
      id,
      owner: options.owner,
      folder: options.folder,
      title: options.title,
      type: options.type,
      typeKeywords: JSON.stringify(keywords),
      url,
      name: options.name,
      extra: JSON.stringify({ _readyAt: time + context.settings.jobMillis, ...(options.extra ?? {}) }),
      snippet: options.properties?.snippet ?? null,
      description: options.properties?.description ?? null,
    },
    time,
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
  if (folderId !== undefined && !folderExists(context.db, folderId, owner.username)) {
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

/** Loads a published CSV layer's features into the service (its objectIds from 1). */
const loadFeatures = (db: Database, serviceId: string, features: ReturnType<typeof csvLayer>["features"]) => {
  const first = allocateObjectIds(db, serviceId, 0, features.length)
  features.forEach((feature, index) => {
    insertFeature(db, serviceId, 0, { objectId: first + index, ...feature })
  })
}

/**
 * `POST content/users/<username>[/<folderId>]/publish`: a hosted Feature (or, for tiles, Map) Service from the item
 * `itemId`, as a job; `overwrite` publishes the item's service again. A CSV without records makes a failed job.
 */
export const publishItem = (context: Context, match: RegExpExecArray) => {
  const { caller, owner, folder } = ownerFolder(context, match[1] ?? "", match[2])
  const { params, db } = context
  const source = findVisibleItem(context, params.get("itemId") ?? params.get("itemID") ?? "")
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
  const parameters = (jsonParam(params, "publishParameters") ?? {}) as Record<string, unknown>
  const overwrite = (params.get("overwrite") ?? "false").toLowerCase() === "true"
  const name = typeof parameters.name === "string" ? parameters.name : ""
  if (!overwrite && !serviceNamePattern.test(name))
    throw badRequest("Invalid service name.", ["publishParameters.name must be letters, digits and underscores."])
  // A source whose data cannot be published becomes a failed job, as on a real portal.
  let failure: string | undefined
  let csv: { fields: Array<string>; rows: Array<Array<string>> } | undefined
  if (fileType === "csv") {
    const path = dataPath(context.dataDir, source.id)
    csv = parseCsv(existsSync(path) ? readFileSync(path, "utf8") : "")
    if (csv.fields.length === 0 || csv.rows.length === 0) failure = "Unable to publish: the CSV file has no records."
    else if (csv.rows.length > maxCsvRecords)
      failure = `Unable to publish: the emulator loads at most ${maxCsvRecords} records.`
  }
  // A CSV published as features becomes one layer of them; tiles have no features.
  const layer =
    csv === undefined || failure !== undefined || tiles
      ? undefined
      : (name: string) => csvLayer(name, csv.fields, csv.rows, parameters)
  return transaction(db, () => {
    let service: { id: string; url: string }
    if (overwrite) {
      const existing = serviceFromData(db, source.id)
      if (existing === undefined) throw badRequest("Unable to overwrite.", ["No service was published from this item."])
      const modified = Date.now()
      // Published again, a feature service's layer and features are the file's now.
      const built = existing.type === "Feature Service" ? layer?.(existing.name ?? existing.title) : undefined
      reprocessItem(
        db,
        existing.id,
        JSON.stringify({
          ...(JSON.parse(existing.extra) as object),
          ...(built === undefined ? {} : { definition: built.definition }),
          _readyAt: Date.now() + context.settings.jobMillis,
        }),
        modified,
      )
      if (built !== undefined) {
        deleteServiceFeatures(db, existing.id)
        loadFeatures(db, existing.id, built.features)
      }
      service = { id: existing.id, url: existing.url ?? "" }
    } else {
      if (serviceTaken(context, name))
        throw badRequest("Service name already exists.", [`A service named '${name}' already exists.`])
      const built = layer?.(name)
      service = newServiceItem(context, {
        owner: owner.username,
        folder,
        name,
        title: name,
        type: tiles ? "Map Service" : "Feature Service",
        extra: { sourceItemId: source.id, ...(built === undefined ? {} : { definition: built.definition }) },
      })
      if (built !== undefined) loadFeatures(db, service.id, built.features)
      insertCreatedRelationship(
        db,
        { originId: service.id, destinationId: source.id, type: tiles ? "Service2Service" : "Service2Data" },
        caller.username,
        Date.now(),
        false,
      )
    }
    if (failure !== undefined) markItemFailed(db, service.id)
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

/**
 * `POST content/users/<username>/export`: a new item in `exportFormat` from the feature service `itemId` (the data
 * it was published from, when there is one), as a job.
 */
export const exportItem = (context: Context, match: RegExpExecArray) => {
  const { owner } = ownerFolder(context, match[1] ?? "", undefined)
  const { params, db } = context
  const source = findVisibleItem(context, params.get("itemId") ?? "")
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
    insertExportItem(
      db,
      {
        id,
        owner: owner.username,
        title,
        type,
        name: `${title.replace(/[^\w-]+/g, "_")}.${extension}`,
        size: bytes.byteLength,
        extra: JSON.stringify({ _readyAt: time + context.settings.jobMillis }),
      },
      time,
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

/** `POST content/users/<username>[/<folderId>]/createService`: an empty hosted feature service, as a job. */
export const createService = (context: Context, match: RegExpExecArray) => {
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
    updateItemColumns(db, service.id, columns)
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

/** `GET portals/self/isServiceNameAvailable`: whether no hosted service is called `name`. */
export const isServiceNameAvailable = (context: Context) => {
  requireUser(context)
  const name = context.params.get("name") ?? ""
  const type = context.params.get("type") ?? ""
  if (name === "" || type === "") throw badRequest("Invalid request", ["'name' and 'type' are required."])
  // Services are only ever created under valid names, so no other name is taken — and a long one would exceed
  // SQLite's LIKE pattern limit (50,000 bytes; a 500 the fuzz test found).
  return { available: !serviceNamePattern.test(name) || !serviceTaken(context, name) }
}
