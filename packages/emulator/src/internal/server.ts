/**
 * The hosting server federated with the emulated portal, under `/server/rest`: `info` (with
 * `owningSystemUrl`) and the JSON of the hosted services that publish/createService created.
 * It accepts portal tokens and server tokens exchanged through `generateToken` (digest §2.4, §3.7).
 */

import type { Context, Route } from "./context.ts"
import { Fault, tokenRequired } from "./fault.ts"
import { canView, type ItemRow } from "./model.ts"

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
  const url = `${context.portalUrl.replace(/\/portal$/, "/server")}/rest/services/Hosted/${name}/${kind}`
  const item = context.db.prepare("SELECT * FROM items WHERE url = ?").get(url) as ItemRow | undefined
  if (item === undefined) throw new Fault(404, "Service not found.", undefined, [], 200)
  if (!canView(context.db, context.user, item)) {
    if (context.user === undefined) throw tokenRequired()
    throw new Fault(403, "You do not have permissions to access this resource or perform this operation.", "GWM_0003")
  }
  const create = (
    JSON.parse(item.extra) as {
      createParameters?: { spatialReference?: unknown; maxRecordCount?: unknown; capabilities?: unknown }
    }
  ).createParameters
  const layers = [
    {
      id: 0,
      name: item.title,
      parentLayerId: -1,
      defaultVisibility: true,
      subLayerIds: null,
      geometryType: "esriGeometryPoint",
    },
  ]
  if (layer !== undefined) {
    if (layer !== "0") throw new Fault(400, "Invalid or missing input parameters.", undefined, ["Layer not found."])
    return {
      currentVersion: 11.3,
      id: 0,
      name: item.title,
      type: "Feature Layer",
      geometryType: "esriGeometryPoint",
      objectIdField: "OBJECTID",
      fields: [{ name: "OBJECTID", type: "esriFieldTypeOID", alias: "OBJECTID" }],
      capabilities: "Query",
      maxRecordCount: 2000,
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
    tables: [],
    serviceItemId: item.id,
  }
}

export const serverRoutes: ReadonlyArray<Route> = [
  { pattern: /^info$/i, kind: "read", handle: info },
  {
    pattern: /^services\/Hosted\/([A-Za-z0-9_]+)\/(FeatureServer|MapServer)(?:\/(\d+))?$/,
    kind: "read",
    handle: service,
  },
]
