/**
 * The features of hosted feature layers, under `/server/rest/services/Hosted/<name>/FeatureServer/<layerId>/…`:
 * `query`, `addFeatures`, `deleteFeatures` and `applyEdits` (ArcGIS REST API, Feature Service). Reading needs sight of
 * the service's item; editing needs the right to change it (its owner, or `portal:admin:updateItems`) whatever the
 * service's capabilities say — and an API key a feature-editing privilege too. Edits are one transaction: with
 * `rollbackOnFailure` (the default) one bad edit leaves the layer as it was; values are typed by the layer's fields,
 * and attributes are kept as JSON text.
 */
import { randomUUID } from "node:crypto"
import { canChangeItem, has, isApiKey } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { badRequest, forbidden, tokenRequired } from "../../errors.ts"
import { boolParam, jsonParam, limitList, type Params } from "../../request.ts"
import { transaction } from "../../storage/database.ts"
import {
  allocateObjectIds,
  countFeatures,
  deleteFeature,
  type FeatureFilter,
  type FeatureOrder,
  type FeatureRow,
  type FieldRef,
  featureObjectIds,
  findFeature,
  insertFeature,
  parseWhere,
  selectFeatures,
  updateFeature,
  WhereError,
} from "../../storage/features.ts"
import {
  fieldValue,
  findHostedService,
  geometryOf,
  type HostedLayer,
  type HostedService,
  hostedLayer,
  isNumericField,
  isObject,
  type LayerField,
  wkidOf,
} from "./services.ts"

/** The most edits (adds, updates and deletes together) one request may carry, and objectIds one query may name. */
export const maxEditsPerRequest = 2_000
const maxObjectIds = 10_000

/** The Feature Service's failure for a request it cannot run. */
const unable = (detail: string) => badRequest("Unable to complete operation.", [detail.slice(0, 300)])

/** The service and layer the path names (`services/Hosted/<name>/FeatureServer/<layerId>/<operation>`). */
const layerOf = (context: Context, match: RegExpExecArray) => {
  const service = findHostedService(context, match[1] ?? "", "FeatureServer")
  return { service, layer: hostedLayer(service, match[2] ?? "") }
}

/** What an edit does, for the privilege an API key needs: edits by objectId, or a delete of whatever `where` matches. */
type EditKind = "byObjectId" | "byWhere"

/**
 * Whether an API key may make an edit of `kind` (a user session may: its right to change the item is enough). The
 * digest (§3.5, §8.2) names `features:user:edit` and `features:user:fullEdit` but says neither what a key needs to
 * edit features nor which of the two a delete by `where` takes, so the stricter choice (README, "Authorization"):
 * adds, updates and deletes by objectId need either; a delete by `where` — any number of features, `1=1` all of
 * them — needs `features:user:fullEdit`. Both come on top of the right to change the item (ownership rights through
 * `portal:user:createItem`, or `portal:admin:updateItems`), and a key holds only what its owner's role holds.
 */
const keyMayEdit = (context: Context, kind: EditKind): boolean =>
  !isApiKey(context) ||
  has(context, "features:user:fullEdit") ||
  (kind === "byObjectId" && has(context, "features:user:edit"))

/** The same, for an edit: the caller must be able to change the service's item, and make this kind of edit. */
const editableLayerOf = (context: Context, match: RegExpExecArray, kind: EditKind = "byObjectId") => {
  const found = layerOf(context, match)
  if (!canChangeItem(context, found.service.item, "update") || !keyMayEdit(context, kind))
    throw context.caller.kind === "anonymous" ? tokenRequired() : forbidden()
  return found
}

/** The field a clause or an ordering names (a word, any case), as storage compiles it; `undefined` when none. */
const fieldRef = (layer: HostedLayer, name: string): FieldRef | undefined => {
  const field = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? layer.fieldsByName.get(name.toLowerCase()) : undefined
  // A name in the path `$."<name>"` of SQLite's json_extract must not hold a quote or a backslash.
  if (field === undefined || /["\\]/.test(field.name)) return undefined
  return { name: field.name, objectId: field.name === layer.objectIdField, numeric: isNumericField(field) }
}

/** `where` and `objectIds`: which features a query or a delete means. */
const filterOf = (layer: HostedLayer, params: Params): FeatureFilter => {
  let where: FeatureFilter["where"]
  try {
    where = parseWhere(params.get("where") ?? "", (name) => fieldRef(layer, name))
  } catch (error) {
    if (error instanceof WhereError) throw unable(`Invalid query: ${error.message}`)
    throw error
  }
  const objectIds = objectIdList(params, "objectIds", maxObjectIds)
  return objectIds.length === 0 ? { where } : { where, objectIds }
}

/** A list parameter's text without its brackets (`1,2,3` or `[1,2,3]`): empty when none is given. */
const listText = (params: Params, name: string): string => (params.get(name) ?? "").trim().replace(/^\[|\]$/g, "")

/** Object ids: `1,2,3` or a JSON array, at most `max` of them. */
const objectIdList = (params: Params, name: string, max: number): ReadonlyArray<number> => {
  const raw = listText(params, name)
  if (raw === "") return []
  return limitList(name, raw.split(","), max).map((entry) => {
    if (!/^\s*\d{1,15}\s*$/.test(entry)) throw unable(`Invalid '${name}': '${entry.slice(0, 20)}' is not an objectId.`)
    return Number(entry)
  })
}

/** A non-negative integer parameter, or `undefined` when absent. */
const countParam = (params: Params, name: string): number | undefined => {
  const raw = (params.get(name) ?? "").trim()
  if (raw === "") return undefined
  if (!/^\d{1,15}$/.test(raw)) throw unable(`'${name}' must be a non-negative integer.`)
  return Number(raw)
}

/** `outFields`: `*`, or the fields named (any case); only the objectId field when absent. */
const outFieldsOf = (layer: HostedLayer, raw: string | undefined): ReadonlyArray<LayerField> => {
  const names = limitList(
    "outFields",
    (raw ?? "")
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name !== ""),
  )
  if (names.includes("*")) return layer.fields
  if (names.length === 0) return layer.fields.filter((field) => field.name === layer.objectIdField)
  return names.map((name) => {
    const field = layer.fieldsByName.get(name.toLowerCase())
    if (field === undefined) throw unable(`Invalid field in outFields: '${name.slice(0, 64)}'.`)
    return field
  })
}

/** `orderByFields`: `<field> [ASC|DESC], …` (objectId order otherwise, and to break ties). */
const orderOf = (layer: HostedLayer, raw: string | undefined): FeatureOrder => {
  const entries = (raw ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
  if (entries.length > 10) throw unable("orderByFields names at most 10 fields.")
  return entries.map((entry) => {
    const parts = /^([A-Za-z_][A-Za-z0-9_]*)(?:\s+(ASC|DESC))?$/i.exec(entry)
    const field = parts === null ? undefined : fieldRef(layer, parts[1] ?? "")
    if (parts === null || field === undefined) throw unable(`Invalid orderByFields: '${entry.slice(0, 64)}'.`)
    return { field, descending: (parts[2] ?? "").toUpperCase() === "DESC" }
  })
}

/** Parameters the emulator does not implement: refused rather than ignored, so no caller reads a wrong answer. */
const refuseUnsupported = (layer: HostedLayer, params: Params) => {
  for (const name of ["geometry", "outStatistics", "groupByFieldsForStatistics", "having", "text"])
    if ((params.get(name) ?? "").trim() !== "") throw unable(`'${name}' is not supported by the emulator.`)
  for (const name of ["returnDistinctValues", "returnExtentOnly"])
    if (boolParam(params, name) === true) throw unable(`'${name}' is not supported by the emulator.`)
  const outSR = jsonParam(params, "outSR")
  if (
    outSR !== undefined &&
    wkidOf(typeof outSR === "number" ? { wkid: outSR } : outSR) !== wkidOf(layer.spatialReference)
  )
    throw unable("The emulator does not project geometries: 'outSR' must be the layer's spatial reference.")
}

/** A stored feature as a query answers it: the fields asked for, and its geometry. */
const renderFeature = (layer: HostedLayer, fields: ReadonlyArray<LayerField>, row: FeatureRow, geometry: boolean) => {
  const stored = JSON.parse(row.attributes) as Record<string, unknown>
  const attributes = Object.fromEntries(
    fields.map((field) => [
      field.name,
      field.name === layer.objectIdField
        ? row.object_id
        : Object.hasOwn(stored, field.name)
          ? stored[field.name]
          : null,
    ]),
  )
  return geometry && row.geometry !== null ? { attributes, geometry: JSON.parse(row.geometry) } : { attributes }
}

/** `GET|POST …/FeatureServer/<layerId>/query`: a layer's features, counts or objectIds, one page at a time. */
export const query = (context: Context, match: RegExpExecArray) => {
  const { service, layer } = layerOf(context, match)
  const { params, db } = context
  refuseUnsupported(layer, params)
  const filter = filterOf(layer, params)
  const itemId = service.item.id
  if (boolParam(params, "returnCountOnly") === true) return { count: countFeatures(db, itemId, layer.id, filter) }
  if (boolParam(params, "returnIdsOnly") === true)
    return { objectIdFieldName: layer.objectIdField, objectIds: featureObjectIds(db, itemId, layer.id, filter) }
  const fields = outFieldsOf(layer, params.get("outFields"))
  const order = orderOf(layer, params.get("orderByFields"))
  const offset = countParam(params, "resultOffset") ?? 0
  const requested = countParam(params, "resultRecordCount")
  const limit = Math.min(
    requested === undefined || requested === 0 ? service.maxRecordCount : requested,
    service.maxRecordCount,
  )
  const rows = selectFeatures(db, itemId, layer.id, filter, order, { limit: limit + 1, offset })
  const geometry = !layer.table && boolParam(params, "returnGeometry") !== false
  return {
    objectIdFieldName: layer.objectIdField,
    uniqueIdField: { name: layer.objectIdField, isSystemMaintained: true },
    globalIdFieldName: layer.globalIdField ?? "",
    ...(layer.table ? {} : { geometryType: layer.geometryType, spatialReference: layer.spatialReference }),
    fields: fields.map((field) => field.definition),
    features: rows.slice(0, limit).map((row) => renderFeature(layer, fields, row, geometry)),
    ...(rows.length > limit ? { exceededTransferLimit: true } : {}),
  }
}

// ---------------------------------------------------------------- edits

/** One edit's outcome, as the Feature Service reports it. */
type EditResult =
  | { objectId: number; uniqueId: number; globalId: string | null; success: true }
  | { objectId?: number; success: false; error: { code: number; description: string } }

const failure = (description: string, objectId?: number, code = 1000): EditResult => ({
  ...(objectId === undefined ? {} : { objectId }),
  success: false,
  error: { code, description: description.slice(0, 300) },
})
const success = (objectId: number, globalId: string | null = null): EditResult => ({
  objectId,
  uniqueId: objectId,
  globalId,
  success: true,
})

/**
 * The attributes and geometry a layer stores for a feature (added, or an update of `existing`), or why it cannot:
 * values typed by their fields (any case; fields the layer lacks are ignored, as the service does; the objectId is
 * the service's), a new feature's missing fields take their default, and a new global id is made.
 */
const prepare = (layer: HostedLayer, feature: unknown, existing?: FeatureRow) => {
  if (!isObject(feature) || (feature.attributes !== undefined && !isObject(feature.attributes)))
    return { error: "A feature must be an object with an 'attributes' object." }
  const values = new Map<string, unknown>(
    existing === undefined ? [] : Object.entries(JSON.parse(existing.attributes) as Record<string, unknown>),
  )
  const given = new Set<string>()
  for (const [name, value] of Object.entries(feature.attributes ?? {})) {
    const field = layer.fieldsByName.get(name.toLowerCase())
    if (field === undefined || field.name === layer.objectIdField) continue
    const typed = fieldValue(field, value)
    if ("error" in typed) return { error: `Setting of value for ${field.name.slice(0, 64)} failed: ${typed.error}.` }
    values.set(field.name, typed.value)
    given.add(field.name)
  }
  if (existing === undefined)
    for (const field of layer.fields) {
      if (field.name === layer.objectIdField || given.has(field.name)) continue
      if (field.name === layer.globalIdField) values.set(field.name, `{${randomUUID().toUpperCase()}}`)
      else {
        const typed = fieldValue(field, field.definition.defaultValue ?? null)
        if ("error" in typed)
          return { error: `Setting of value for ${field.name.slice(0, 64)} failed: ${typed.error}.` }
        values.set(field.name, typed.value)
      }
    }
  const geometry =
    existing !== undefined && !Object.hasOwn(feature, "geometry")
      ? { value: existing.geometry }
      : geometryOf(layer, feature.geometry)
  if ("error" in geometry) return geometry
  const globalId = layer.globalIdField === undefined ? null : values.get(layer.globalIdField)
  return {
    attributes: JSON.stringify(Object.fromEntries(values)),
    geometry: geometry.value,
    globalId: typeof globalId === "string" ? globalId : null,
  }
}

/** The edits of one request, applied in order: adds, updates, deletes. */
interface Edits {
  readonly adds: ReadonlyArray<unknown>
  readonly updates: ReadonlyArray<unknown>
  readonly deletes: ReadonlyArray<number>
}

/** Thrown inside the transaction to undo it, carrying the results to report. */
class RolledBack {
  constructor(readonly results: ReadonlyArray<Array<EditResult>>) {}
}

/** Applies `edits` in one transaction; with `rollback`, a single failure undoes all (each success then reports 1003). */
const applyAll = (context: Context, service: HostedService, layer: HostedLayer, edits: Edits, rollback: boolean) => {
  const { db } = context
  const item = service.item.id
  const apply = () => {
    const addResults = edits.adds.map((feature): EditResult => {
      const prepared = prepare(layer, feature)
      if ("error" in prepared) return failure(prepared.error)
      const objectId = allocateObjectIds(db, item, layer.id, 1)
      insertFeature(db, item, layer.id, { objectId, ...prepared })
      return success(objectId, prepared.globalId)
    })
    const updateResults = edits.updates.map((feature): EditResult => {
      const attributes = isObject(feature) && isObject(feature.attributes) ? feature.attributes : {}
      const key = Object.keys(attributes).find((name) => name.toLowerCase() === layer.objectIdField.toLowerCase())
      const given = key === undefined ? undefined : attributes[key]
      const objectId = typeof given === "string" && /^\d{1,15}$/.test(given) ? Number(given) : given
      if (typeof objectId !== "number" || !Number.isSafeInteger(objectId))
        return failure(`An update needs the feature's ${layer.objectIdField.slice(0, 64)}.`)
      const existing = findFeature(db, item, layer.id, objectId)
      if (existing === undefined) return failure("Object is missing.", objectId, 1019)
      const prepared = prepare(layer, feature, existing)
      if ("error" in prepared) return failure(prepared.error, objectId)
      updateFeature(db, item, layer.id, { objectId, ...prepared })
      return success(objectId, prepared.globalId)
    })
    const deleteResults = edits.deletes.map((objectId) =>
      deleteFeature(db, item, layer.id, objectId) ? success(objectId) : failure("Object is missing.", objectId, 1019),
    )
    const results = [addResults, updateResults, deleteResults]
    if (rollback && results.some((list) => list.some((result) => !result.success))) throw new RolledBack(results)
    return results
  }
  try {
    return transaction(db, apply)
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error
    // Nothing was written: every edit that had gone through reports the rollback (an add's objectId was undone too).
    return error.results.map((list, kind) =>
      list.map((result) =>
        result.success ? failure("Operation rolled back.", kind === 0 ? undefined : result.objectId, 1003) : result,
      ),
    )
  }
}

/** A JSON array parameter of edits (`features`, `adds`, `updates`): empty when absent. */
const editList = (params: Params, name: string): ReadonlyArray<unknown> => {
  const value = jsonParam(params, name)
  if (value === undefined) return []
  if (!Array.isArray(value)) throw unable(`'${name}' must be a JSON array.`)
  return value
}

const checkSize = (edits: Edits) => {
  const total = edits.adds.length + edits.updates.length + edits.deletes.length
  if (total > maxEditsPerRequest)
    throw unable(`A request may carry at most ${maxEditsPerRequest} edits; this one has ${total}.`)
  return edits
}

/** `POST …/FeatureServer/<layerId>/addFeatures`: `features`, `rollbackOnFailure` (default true). */
export const addFeatures = (context: Context, match: RegExpExecArray) => {
  const { service, layer } = editableLayerOf(context, match)
  const edits = checkSize({ adds: editList(context.params, "features"), updates: [], deletes: [] })
  const rollback = boolParam(context.params, "rollbackOnFailure") ?? true
  const [addResults] = applyAll(context, service, layer, edits, rollback)
  return { addResults }
}

/** `POST …/FeatureServer/<layerId>/deleteFeatures`: by `objectIds`, or else by `where`. */
export const deleteFeatures = (context: Context, match: RegExpExecArray) => {
  const { params, db } = context
  // Judged before the input is read (a refused caller learns nothing from a 400): no objectIds means by `where`.
  const byWhere = listText(params, "objectIds") === ""
  const { service, layer } = editableLayerOf(context, match, byWhere ? "byWhere" : "byObjectId")
  const rollback = boolParam(params, "rollbackOnFailure") ?? true
  let deletes = objectIdList(params, "objectIds", maxEditsPerRequest)
  if (deletes.length === 0) {
    if ((params.get("where") ?? "").trim() === "") throw unable("'objectIds' or 'where' is required.")
    // A clause deletes what it matches, however many: only a list of objectIds is one the caller sent.
    deletes = featureObjectIds(db, service.item.id, layer.id, { where: filterOf(layer, params).where })
  }
  const [, , deleteResults] = applyAll(context, service, layer, { adds: [], updates: [], deletes }, rollback)
  return { deleteResults }
}

/** `POST …/FeatureServer/<layerId>/applyEdits`: `adds`, `updates`, `deletes`, `rollbackOnFailure` (default true). */
export const applyEdits = (context: Context, match: RegExpExecArray) => {
  const { service, layer } = editableLayerOf(context, match)
  const { params } = context
  const edits = checkSize({
    adds: editList(params, "adds"),
    updates: editList(params, "updates"),
    deletes: objectIdList(params, "deletes", maxEditsPerRequest),
  })
  const rollback = boolParam(params, "rollbackOnFailure") ?? true
  const [addResults, updateResults, deleteResults] = applyAll(context, service, layer, edits, rollback)
  return { addResults, updateResults, deleteResults }
}
