/**
 * The hosting server federated with the emulated portal, under `/server/rest` (digest §2.4, §3.7): `info` (with
 * `owningSystemUrl`), the JSON of the hosted services publish and createService made, and `addToDefinition` on the
 * admin path. It takes portal tokens and the server tokens `generateToken` exchanges for them.
 *
 * It also owns the model of a hosted service the feature operations (`features.ts`) work on: its layers and tables,
 * each with its fields (the definition's, and the objectId field), and how a value is set on a field.
 */
import { canChangeItem, canViewItem, requireUser } from "../../authorization.ts"
import { type Context, serverUrl } from "../../context.ts"
import { locationFields } from "../../csv.ts"
import { badRequest, Fault, forbidden, tokenRequired } from "../../errors.ts"
import { transaction } from "../../storage/database.ts"
import { type ItemRow, itemByUrl, setItemExtra } from "../../storage/items.ts"

/** `GET <server>/rest/info`. */
export const serverInfo = (context: Context) => ({
  currentVersion: 11.3,
  fullVersion: "11.3.0",
  owningSystemUrl: context.portalUrl,
  authInfo: {
    isTokenBasedSecurity: true,
    tokenServicesUrl: `${context.portalUrl}/sharing/rest/generateToken`,
    shortLivedTokenValidity: 60,
  },
})

type Definition = Readonly<Record<string, unknown>>

/** What a service's item says of it: the parameters it was created with, and the layers and tables added to it. */
interface ServiceExtra {
  readonly createParameters?: Definition
  readonly definition?: { layers?: Array<Definition>; tables?: Array<Definition> }
}

/** The layers and tables a service has: those added to its definition, else those it was created with, if any. */
const definitionOf = (extra: ServiceExtra): ServiceExtra["definition"] => {
  if (extra.definition !== undefined) return extra.definition
  const { layers, tables } = extra.createParameters ?? {}
  if (!Array.isArray(layers) && !Array.isArray(tables)) return undefined
  return { layers: Array.isArray(layers) ? layers : [], tables: Array.isArray(tables) ? tables : [] }
}

/** A field of a hosted layer: its name and type, and its definition as declared (unknown properties kept). */
export interface LayerField {
  readonly name: string
  readonly type: string
  readonly definition: Definition
}

/** A layer or table of a hosted service, as its definition declares it. */
export interface HostedLayer {
  readonly id: number
  readonly table: boolean
  readonly name: string
  readonly definition: Definition
  readonly objectIdField: string
  /** The field of type `esriFieldTypeGlobalID`, if there is one. */
  readonly globalIdField: string | undefined
  readonly geometryType: string | undefined
  readonly spatialReference: unknown
  /** Every field; the objectId field first when the definition does not declare it. */
  readonly fields: ReadonlyArray<LayerField>
  /** The fields by lower-case name (field names compare case-insensitively). */
  readonly fieldsByName: ReadonlyMap<string, LayerField>
}

/** A hosted feature or map service: its item, settings and layers. */
export interface HostedService {
  readonly item: ItemRow
  readonly kind: string
  readonly maxRecordCount: number
  readonly capabilities: string
  readonly spatialReference: unknown
  readonly layers: ReadonlyArray<HostedLayer>
  readonly tables: ReadonlyArray<HostedLayer>
}

const defaultSpatialReference = { wkid: 102100, latestWkid: 3857 }
const oidType = "esriFieldTypeOID"
/** A JSON object (not an array, not null). */
export const isObject = (value: unknown): value is Definition =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/**
 * A layer's fields from its definition: entries with a name (the first of a name, in any case, counts), and its
 * objectId field (`objectIdField`, else the field of type OID, else `OBJECTID`) — first when the definition lacks it.
 */
const fieldsOf = (definition: Definition) => {
  const fieldsByName = new Map<string, LayerField>()
  for (const field of (Array.isArray(definition.fields) ? definition.fields : []).filter(isObject)) {
    if (typeof field.name !== "string" || field.name === "" || fieldsByName.has(field.name.toLowerCase())) continue
    const type = typeof field.type === "string" ? field.type : "esriFieldTypeString"
    fieldsByName.set(field.name.toLowerCase(), { name: field.name, type, definition: field })
  }
  const named =
    typeof definition.objectIdField === "string" && definition.objectIdField !== ""
      ? definition.objectIdField
      : ([...fieldsByName.values()].find((field) => field.type === oidType)?.name ?? "OBJECTID")
  const declared = fieldsByName.get(named.toLowerCase())
  const name = declared?.name ?? named
  const oid = { name, type: oidType, definition: declared?.definition ?? { name, type: oidType, alias: name } }
  const fields = declared === undefined ? [oid, ...fieldsByName.values()] : [...fieldsByName.values()]
  fieldsByName.set(name.toLowerCase(), oid)
  return { objectIdField: name, fields: fields.map((field) => (field === declared ? oid : field)), fieldsByName }
}

/** The model of a service's item: its layers and tables with their ids, fields and spatial reference. */
const serviceOf = (item: ItemRow, kind: string): HostedService => {
  const extra = JSON.parse(item.extra) as ServiceExtra
  const create = extra.createParameters
  const defined = definitionOf(extra)
  const layerDefinitions = (
    defined?.layers ?? [{ id: 0, name: item.title, type: "Feature Layer", geometryType: "esriGeometryPoint" }]
  ).filter(isObject)
  const tableDefinitions = (defined?.tables ?? []).filter(isObject)
  const ownReference = (definition: Definition) =>
    definition.spatialReference ?? (isObject(definition.extent) ? definition.extent.spatialReference : undefined)
  const first = layerDefinitions[0]
  const spatialReference =
    create?.spatialReference ?? (first === undefined ? undefined : ownReference(first)) ?? defaultSpatialReference
  const model = (definition: Definition, index: number, table: boolean): HostedLayer => {
    const { objectIdField, fields, fieldsByName } = fieldsOf(definition)
    return {
      id: typeof definition.id === "number" ? definition.id : index,
      table,
      name: typeof definition.name === "string" ? definition.name : `${table ? "Table" : "Layer"} ${index}`,
      definition,
      objectIdField,
      globalIdField: fields.find((field) => field.type === "esriFieldTypeGlobalID")?.name,
      geometryType: table ? undefined : String(definition.geometryType ?? "esriGeometryPoint"),
      spatialReference: table ? undefined : (ownReference(definition) ?? spatialReference),
      fields,
      fieldsByName,
    }
  }
  return {
    item,
    kind,
    maxRecordCount: Number.isSafeInteger(create?.maxRecordCount) ? Math.max(1, Number(create?.maxRecordCount)) : 2000,
    capabilities: typeof create?.capabilities === "string" ? create.capabilities : "Query",
    spatialReference,
    layers: layerDefinitions.map((definition, index) => model(definition, index, false)),
    tables: tableDefinitions.map((definition, index) => model(definition, layerDefinitions.length + index, true)),
  }
}

/**
 * The hosted service `services/Hosted/<name>/<FeatureServer|MapServer>`: a service the caller may not see is 499 for
 * anonymous callers, 403 for others.
 */
export const findHostedService = (context: Context, name: string, kind: string): HostedService => {
  const item = itemByUrl(context.db, `${serverUrl(context)}/rest/services/Hosted/${name}/${kind}`)
  if (item === undefined) throw new Fault(404, "Service not found.", undefined, [], 200)
  if (!canViewItem(context, item)) {
    if (context.caller.kind === "anonymous") throw tokenRequired()
    throw forbidden()
  }
  return serviceOf(item, kind)
}

/** The layer or table `<id>` of a service (the path's digits); a 400 envelope when there is none. */
export const hostedLayer = (service: HostedService, id: string): HostedLayer => {
  const found = [...service.layers, ...service.tables].find((layer) => String(layer.id) === id)
  if (found === undefined) throw new Fault(400, "Invalid or missing input parameters.", undefined, ["Layer not found."])
  return found
}

/** `GET <server>/rest/services/Hosted/<name>/<FeatureServer|MapServer>`: the service's JSON. */
export const serviceInfo = (context: Context, match: RegExpExecArray) => {
  const service = findHostedService(context, match[1] ?? "", match[2] ?? "")
  const { item, kind } = service
  return {
    currentVersion: 11.3,
    serviceDescription: item.description ?? "",
    hasVersionedData: false,
    supportsDisconnectedEditing: false,
    hasStaticData: false,
    maxRecordCount: service.maxRecordCount,
    supportedQueryFormats: "JSON",
    capabilities: service.capabilities,
    description: item.description ?? "",
    spatialReference: service.spatialReference,
    layers: service.layers.map((layer) => ({
      id: layer.id,
      name: layer.name,
      parentLayerId: -1,
      defaultVisibility: true,
      subLayerIds: null,
      ...(kind === "FeatureServer" ? { geometryType: layer.geometryType } : {}),
    })),
    tables: service.tables.map((table) => ({ id: table.id, name: table.name })),
    serviceItemId: item.id,
  }
}

/** `GET <server>/rest/services/Hosted/<name>/<FeatureServer|MapServer>/<id>`: one layer or table's JSON. */
export const layerInfo = (context: Context, match: RegExpExecArray) => {
  const service = findHostedService(context, match[1] ?? "", match[2] ?? "")
  const layer = hostedLayer(service, match[3] ?? "")
  return {
    currentVersion: 11.3,
    name: layer.name,
    type: layer.table ? "Table" : "Feature Layer",
    ...(layer.table ? {} : { geometryType: layer.geometryType, extent: { spatialReference: layer.spatialReference } }),
    capabilities: service.capabilities,
    maxRecordCount: service.maxRecordCount,
    supportedQueryFormats: "JSON",
    supportsRollbackOnFailureParameter: true,
    advancedQueryCapabilities: { supportsPagination: true, supportsOrderBy: true, supportsReturningQueryExtent: false },
    hasAttachments: false,
    ...layer.definition,
    id: layer.id,
    objectIdField: layer.objectIdField,
    globalIdField: layer.globalIdField ?? "",
    fields: layer.fields.map((field) => field.definition),
  }
}

/** A value a field accepts, as stored; or why not. */
export type FieldValue = { readonly value: unknown } | { readonly error: string }

const integerRanges = new Map([
  ["esriFieldTypeSmallInteger", 32_767],
  ["esriFieldTypeInteger", 2_147_483_647],
  ["esriFieldTypeBigInteger", Number.MAX_SAFE_INTEGER],
])
const numeric = new Set([...integerRanges.keys(), "esriFieldTypeSingle", "esriFieldTypeDouble"])
const textual = new Set(["esriFieldTypeString", "esriFieldTypeGUID", "esriFieldTypeGlobalID", "esriFieldTypeXML"])

/** Whether a field holds numbers (its `where` literals are read as numbers). */
export const isNumericField = (field: LayerField): boolean =>
  numeric.has(field.type) || field.type === oidType || field.type === "esriFieldTypeDate"

/** The value `field` stores for `value` (a JSON value from a request): typed as the field says, or an error. */
export const fieldValue = (field: LayerField, value: unknown): FieldValue => {
  if (value === null || value === undefined)
    return field.definition.nullable === false ? { error: "the field is not nullable" } : { value: null }
  if (typeof value === "object") return { error: "a value must be a number, text, true or false" }
  const max = integerRanges.get(field.type)
  if (max !== undefined || numeric.has(field.type) || field.type === "esriFieldTypeDate") {
    const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value
    if (field.type === "esriFieldTypeDate" && typeof value === "string" && !Number.isFinite(number)) {
      const time = Date.parse(value)
      return Number.isFinite(time) ? { value: time } : { error: "not a date" }
    }
    if (typeof number !== "number" || !Number.isFinite(number)) return { error: "not a number" }
    if (max !== undefined && (!Number.isInteger(number) || Math.abs(number) > max))
      return { error: "not an integer in the field's range" }
    return { value: number }
  }
  if (textual.has(field.type)) {
    const text = typeof value === "string" ? value : String(value)
    const length = field.definition.length
    if (typeof length === "number" && length > 0 && text.length > length)
      return { error: `longer than the field's length (${length})` }
    return { value: text }
  }
  return { value }
}

/** A wkid as a comparable number (Web Mercator's old and new ids are one). */
export const wkidOf = (reference: unknown): number | undefined => {
  if (typeof reference !== "object" || reference === null) return undefined
  const { wkid, latestWkid } = reference as { wkid?: unknown; latestWkid?: unknown }
  const id = typeof latestWkid === "number" ? latestWkid : typeof wkid === "number" ? wkid : undefined
  return id === 102100 || id === 102113 || id === 900913 ? 3857 : id
}

const isPosition = (value: unknown): value is Array<number | null> =>
  Array.isArray(value) &&
  value.length >= 2 &&
  value.length <= 4 &&
  value.every((entry, index) => (index < 2 ? Number.isFinite(entry) : entry === null || Number.isFinite(entry)))

/** A list of `depth` nested lists of positions (1: points; 2: paths or rings). */
const positions = (value: unknown, depth: number): boolean =>
  Array.isArray(value) && value.every((entry) => (depth === 1 ? isPosition(entry) : positions(entry, depth - 1)))

/** The geometry a layer stores for a feature's (JSON text, or null), or why it cannot. */
export const geometryOf = (layer: HostedLayer, geometry: unknown): { value: string | null } | { error: string } => {
  if (layer.table || geometry === null || geometry === undefined) return { value: null }
  if (!isObject(geometry)) return { error: "The geometry must be an object." }
  if (geometry.spatialReference !== undefined && wkidOf(geometry.spatialReference) !== wkidOf(layer.spatialReference))
    return { error: "The geometry's spatial reference is not the layer's (the emulator does not project geometries)." }
  const flags = { ...(geometry.hasZ === true ? { hasZ: true } : {}), ...(geometry.hasM === true ? { hasM: true } : {}) }
  const { x, y, z, m } = geometry
  switch (layer.geometryType) {
    case "esriGeometryPoint":
      if (!Number.isFinite(x) || !Number.isFinite(y)) return { error: "A point needs numeric x and y." }
      return {
        value: JSON.stringify({ x, y, ...(Number.isFinite(z) ? { z } : {}), ...(Number.isFinite(m) ? { m } : {}) }),
      }
    case "esriGeometryMultipoint":
      if (!positions(geometry.points, 1)) return { error: "A multipoint needs 'points': [[x, y], …]." }
      return { value: JSON.stringify({ ...flags, points: geometry.points }) }
    case "esriGeometryPolyline":
      if (!positions(geometry.paths, 2)) return { error: "A polyline needs 'paths': [[[x, y], …], …]." }
      return { value: JSON.stringify({ ...flags, paths: geometry.paths }) }
    case "esriGeometryPolygon":
      if (!positions(geometry.rings, 2)) return { error: "A polygon needs 'rings': [[[x, y], …], …]." }
      return { value: JSON.stringify({ ...flags, rings: geometry.rings }) }
    default:
      return { error: `The emulator does not store ${String(layer.geometryType).slice(0, 40)} geometries.` }
  }
}

/** `POST <server>/rest/admin/services/Hosted/<name>/FeatureServer/addToDefinition`: layers and tables (owner or admin). */
export const addToDefinition = (context: Context, match: RegExpExecArray) => {
  requireUser(context)
  const url = `${serverUrl(context)}/rest/services/Hosted/${match[1] ?? ""}/FeatureServer`
  const item = itemByUrl(context.db, url)
  if (item === undefined || !canViewItem(context, item)) throw new Fault(404, "Service not found.")
  if (!canChangeItem(context, item, "update")) throw forbidden()
  let definition: { layers?: unknown; tables?: unknown }
  try {
    definition = JSON.parse(context.params.get("addToDefinition") ?? "") as { layers?: unknown; tables?: unknown }
  } catch {
    throw badRequest("Invalid definition.", ["'addToDefinition' must be JSON."])
  }
  const list = (value: unknown) =>
    Array.isArray(value) ? value.filter((entry) => typeof entry === "object" && entry !== null) : []
  const layers = list(definition?.layers)
  const tables = list(definition?.tables)
  if (layers.length + tables.length === 0) throw badRequest("Invalid definition.", ["Add at least one layer or table."])
  const extra = JSON.parse(item.extra) as ServiceExtra
  const current = definitionOf(extra)
  const next = { layers: [...(current?.layers ?? []), ...layers], tables: [...(current?.tables ?? []), ...tables] }
  transaction(context.db, () =>
    setItemExtra(context.db, item.id, JSON.stringify({ ...extra, definition: next }), Date.now()),
  )
  return {
    success: true,
    layers: layers.map((_, index) => ({ name: `layer ${index}`, id: (current?.layers?.length ?? 0) + index })),
  }
}

/** The most records a published CSV's layer may hold (each becomes a feature). */
export const maxCsvRecords = 100_000

/**
 * A CSV's records as one point layer in WGS84 (coordinates as the file gives them, not projected): a field per column,
 * named as a service would (letters, digits, `_`), typed from its values (integer, double, else string); a point per
 * record from the columns `latitudeFieldName`/`longitudeFieldName` (or the usual names), when `locationType` is
 * `coordinates` or not given.
 */
export const csvLayer = (
  name: string,
  fields: Array<string>,
  rows: Array<Array<string>>,
  parameters: Record<string, unknown>,
) => {
  const detected = locationFields(fields)
  const located = parameters.locationType === undefined || parameters.locationType === "coordinates"
  const column = (given: unknown, fallback: string | undefined) =>
    located ? fields.indexOf(typeof given === "string" && fields.includes(given) ? given : (fallback ?? "")) : -1
  const latitude = column(parameters.latitudeFieldName, detected.latitude)
  const longitude = column(parameters.longitudeFieldName, detected.longitude)
  const taken = new Set(["objectid"])
  const columns = fields.map((header, index) => {
    const base = (header.replace(/[^A-Za-z0-9_]/g, "_") || `Field_${index + 1}`).replace(/^(?=\d)/, "F")
    let field = base
    for (let suffix = 1; taken.has(field.toLowerCase()); suffix++) field = `${base}_${suffix}`
    taken.add(field.toLowerCase())
    const values = rows.map((row) => row[index] ?? "").filter((value) => value.trim() !== "")
    const type = !values.every((value) => Number.isFinite(Number(value)))
      ? "esriFieldTypeString"
      : values.every((value) => Number.isInteger(Number(value)) && Math.abs(Number(value)) <= 2_147_483_647)
        ? "esriFieldTypeInteger"
        : "esriFieldTypeDouble"
    const length = values.reduce((longest, value) => Math.max(longest, value.length), 256)
    return { name: field, alias: header, type, nullable: true, ...(type === "esriFieldTypeString" ? { length } : {}) }
  })
  const features = rows.map((row) => {
    const attributes = Object.fromEntries(
      columns.map((field, index) => {
        const value = (row[index] ?? "").trim() === "" ? null : (row[index] ?? "")
        return [field.name, value === null || field.type === "esriFieldTypeString" ? value : Number(value)]
      }),
    )
    const coordinate = (value: string | undefined) =>
      value === undefined || value.trim() === "" ? Number.NaN : Number(value)
    const x = coordinate(row[longitude])
    const y = coordinate(row[latitude])
    const point = Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) <= 180 && Math.abs(y) <= 90
    return { attributes: JSON.stringify(attributes), geometry: point ? JSON.stringify({ x, y }) : null }
  })
  const definition = {
    id: 0,
    name,
    type: "Feature Layer",
    geometryType: "esriGeometryPoint",
    objectIdField: "ObjectId",
    fields: [{ name: "ObjectId", alias: "ObjectId", type: oidType, nullable: false, editable: false }, ...columns],
    extent: { spatialReference: { wkid: 4326 } },
  }
  return { definition: { layers: [definition], tables: [] }, features }
}
