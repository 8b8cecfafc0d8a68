/**
 * The hosting server federated with the emulated portal, under `/server/rest`: `info` (with
 * `owningSystemUrl`) and the JSON of the hosted services that publish/createService created.
 * It accepts portal tokens and server tokens exchanged through `generateToken` (digest §2.4, §3.7).
 */

import { canChangeItem, canViewItem, requireUser } from "./authorization.ts"
import type { Context, Route } from "./context.ts"
import { transaction } from "./db.ts"
import { badRequest, Fault, forbidden, tokenRequired } from "./fault.ts"
import { serverUrl } from "./jobs.ts"
import type { ItemRow } from "./model.ts"

const info = (context: Context) => ({
  currentVersion: 11.3,
  fullVersion: "11.3.0",
  owningSystemUrl: context.portalUrl,
  authInfo: {
    isTokenBasedSecurity: true,
    tokenServicesUrl: `${context.portalUrl}/sharing/rest/generateToken`,
    shortLivedTokenValidity: 60,
  },
})

const service = (context: Context, match: RegExpExecArray) => {
  const name = match[1] ?? ""
  const kind = match[2] ?? ""
  const layer = match[3]
  const url = `${serverUrl(context)}/rest/services/Hosted/${name}/${kind}`
  const item = context.db.prepare("SELECT * FROM items WHERE url = ?").get(url) as ItemRow | undefined
  if (item === undefined) throw new Fault(404, "Service not found.", undefined, [], 200)
  if (!canViewItem(context, item)) {
    if (context.caller.kind === "anonymous") throw tokenRequired()
    throw new Fault(403, "You do not have permissions to access this resource or perform this operation.", "GWM_0003")
  }
  const extra = JSON.parse(item.extra) as {
    createParameters?: { spatialReference?: unknown; maxRecordCount?: unknown; capabilities?: unknown }
    definition?: { layers?: Array<Record<string, unknown>>; tables?: Array<Record<string, unknown>> }
  }
  const create = extra.createParameters
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
  if (layer !== undefined) {
    const all = [
      ...layerDefinitions,
      ...tableDefinitions.map((definition, index) => ({ ...definition, id: idOf(definition, layers.length + index) })),
    ]
    const found = all.find((definition, index) => String(idOf(definition, index)) === layer)
    if (found === undefined)
      throw new Fault(400, "Invalid or missing input parameters.", undefined, ["Layer not found."])
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

/** `admin/services/Hosted/<name>/FeatureServer/addToDefinition`: adds layers and tables (owner or admin). */
const addToDefinition = (context: Context, match: RegExpExecArray) => {
  requireUser(context)
  const url = `${serverUrl(context)}/rest/services/Hosted/${match[1] ?? ""}/FeatureServer`
  const item = context.db.prepare("SELECT * FROM items WHERE url = ?").get(url) as ItemRow | undefined
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
    context.db
      .prepare("UPDATE items SET extra = ?, modified = ? WHERE id = ?")
      .run(JSON.stringify({ ...extra, definition: next }), Date.now(), item.id),
  )
  return {
    success: true,
    layers: layers.map((_, index) => ({ name: `layer ${index}`, id: (extra.definition?.layers?.length ?? 0) + index })),
  }
}

export const serverRoutes: ReadonlyArray<Route> = [
  {
    pattern: /^admin\/services\/Hosted\/([A-Za-z0-9_]+)\/FeatureServer\/addToDefinition$/,
    kind: "write",
    handle: addToDefinition,
  },
  { pattern: /^info$/i, kind: "read", handle: info },
  {
    pattern: /^services\/Hosted\/([A-Za-z0-9_]+)\/(FeatureServer|MapServer)(?:\/(\d+))?$/,
    kind: "read",
    handle: service,
  },
]
