/** Features from CSV (`content/features/analyze` and `generate`): what a file would publish as, and its features. */

import { existsSync, readFileSync } from "node:fs"
import { requireUser } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { locationFields, parseCsv } from "../../csv.ts"
import { badRequest } from "../../errors.ts"
import { dataPath } from "../../files.ts"
import { jsonParam } from "../../request.ts"
import { findVisibleItem } from "../items/lookup.ts"

/** The CSV a request names: its `text`, or the data of the item `itemId` (one the caller may see). */
const csvText = (context: Context): string => {
  const text = context.params.get("text")
  if (text !== undefined) return text
  const id = context.params.get("itemId") ?? context.params.get("itemid") ?? ""
  const item = findVisibleItem(context, id)
  const path = dataPath(context.dataDir, item.id)
  return existsSync(path) ? readFileSync(path, "utf8") : ""
}

/** `POST content/features/analyze`: the publish parameters a CSV (`text` or item `itemId`) suggests, and its first records. */
export const analyze = (context: Context) => {
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

/** `POST content/features/generate`: a feature collection of a CSV's records (at most 10,000), points where located. */
export const generate = (context: Context) => {
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
