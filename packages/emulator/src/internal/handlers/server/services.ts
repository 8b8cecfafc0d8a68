/**
 * The hosting server federated with the emulated portal, under `/server/rest` (digest §2.4, §3.7): `info` (with
 * `owningSystemUrl`), the JSON of the hosted services publish and createService made, and `addToDefinition` on the
 * admin path. It takes portal tokens and the server tokens `generateToken` exchanges for them.
 */
import { canChangeItem, canViewItem, requireUser } from "../../authorization.ts"
import { type Context, serverUrl } from "../../context.ts"
import { badRequest, Fault, forbidden, tokenRequired } from "../../errors.ts"
import { transaction } from "../../storage/database.ts"
import { itemByUrl, setItemExtra } from "../../storage/items.ts"

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

/** What a service's item says of it: the parameters it was created with, and the layers and tables added to it. */
interface ServiceExtra {
  readonly createParameters?: { spatialReference?: unknown; maxRecordCount?: unknown; capabilities?: unknown }
  readonly definition?: { layers?: Array<Record<string, unknown>>; tables?: Array<Record<string, unknown>> }
}

/**
 * The hosted service `services/Hosted/<name>/<FeatureServer|MapServer>` names, its layers and tables: a service the
 * caller may not see is 499 for anonymous callers, 403 for others.
 */
const hostedService = (context: Context, match: RegExpExecArray) => {
  const name = match[1] ?? ""
  const kind = match[2] ?? ""
  const item = itemByUrl(context.db, `${serverUrl(context)}/rest/services/Hosted/${name}/${kind}`)
  if (item === undefined) throw new Fault(404, "Service not found.", undefined, [], 200)
  if (!canViewItem(context, item)) {
    if (context.caller.kind === "anonymous") throw tokenRequired()
    throw forbidden()
  }
  const extra = JSON.parse(item.extra) as ServiceExtra
  const layerDefinitions: Array<Record<string, unknown>> = extra.definition?.layers ?? [
    { id: 0, name: item.title, type: "Feature Layer", geometryType: "esriGeometryPoint" },
  ]
  const tableDefinitions: Array<Record<string, unknown>> = extra.definition?.tables ?? []
  const idOf = (definition: Record<string, unknown>, index: number) =>
    typeof definition.id === "number" ? definition.id : index
  const layers = layerDefinitions.map((definition, index) => ({
    id: idOf(definition, index),
    name: definition.name ?? `Layer ${index}`,
    parentLayerId: -1,
    defaultVisibility: true,
    subLayerIds: null,
    geometryType: definition.geometryType ?? "esriGeometryPoint",
  }))
  return { item, kind, create: extra.createParameters, layerDefinitions, tableDefinitions, idOf, layers }
}

/** `GET <server>/rest/services/Hosted/<name>/<FeatureServer|MapServer>`: the service's JSON. */
export const serviceInfo = (context: Context, match: RegExpExecArray) => {
  const { item, kind, create, tableDefinitions, idOf, layers } = hostedService(context, match)
  return {
    currentVersion: 11.3,
    serviceDescription: item.description ?? "",
    hasVersionedData: false,
    supportsDisconnectedEditing: false,
    hasStaticData: false,
    maxRecordCount: typeof create?.maxRecordCount === "number" ? create.maxRecordCount : 2000,
    supportedQueryFormats: "JSON",
    capabilities: typeof create?.capabilities === "string" ? create.capabilities : "Query",
    description: item.description ?? "",
    spatialReference: create?.spatialReference ?? { wkid: 102100, latestWkid: 3857 },
    layers: kind === "FeatureServer" ? layers : layers.map(({ geometryType: _geometry, ...rest }) => rest),
    tables: tableDefinitions.map((definition, index) => ({
      id: idOf(definition, layers.length + index),
      name: definition.name ?? `Table ${index}`,
    })),
    serviceItemId: item.id,
  }
}

/** `GET <server>/rest/services/Hosted/<name>/<FeatureServer|MapServer>/<id>`: one layer or table's JSON. */
export const layerInfo = (context: Context, match: RegExpExecArray) => {
  const { item, layerDefinitions, tableDefinitions, idOf, layers } = hostedService(context, match)
  const layer = match[3] ?? ""
  const all = [
    ...layerDefinitions,
    ...tableDefinitions.map((definition, index) => ({ ...definition, id: idOf(definition, layers.length + index) })),
  ]
  const found = all.find((definition, index) => String(idOf(definition, index)) === layer)
  if (found === undefined) throw new Fault(400, "Invalid or missing input parameters.", undefined, ["Layer not found."])
  return {
    currentVersion: 11.3,
    name: item.title,
    type: "Feature Layer",
    geometryType: "esriGeometryPoint",
    objectIdField: "OBJECTID",
    fields: [{ name: "OBJECTID", type: "esriFieldTypeOID", alias: "OBJECTID" }],
    capabilities: "Query",
    maxRecordCount: 2000,
    ...found,
    id: Number(layer),
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
  const extra = JSON.parse(item.extra) as { definition?: { layers?: Array<unknown>; tables?: Array<unknown> } }
  const next = {
    layers: [...(extra.definition?.layers ?? []), ...layers],
    tables: [...(extra.definition?.tables ?? []), ...tables],
  }
  transaction(context.db, () =>
    setItemExtra(context.db, item.id, JSON.stringify({ ...extra, definition: next }), Date.now()),
  )
  return {
    success: true,
    layers: layers.map((_, index) => ({ name: `layer ${index}`, id: (extra.definition?.layers?.length ?? 0) + index })),
  }
}
