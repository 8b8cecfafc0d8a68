/**
 * Features of hosted feature layers (`/server/rest/services/Hosted/<name>/FeatureServer/<layerId>/…`): addFeatures →
 * query round trips, objectIds, paging with `exceededTransferLimit`, `where` clauses, counts and ids, deleteFeatures,
 * applyEdits, rollback on a bad edit, a CSV published as features, and features going with their service's item.
 */

import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { client, type Json } from "./helpers.ts"

let emulator: EmulatorHandle
let api: ReturnType<typeof client>
let publisher = ""

beforeAll(async () => {
  emulator = await startEmulator({ jobMillis: 0 })
  api = client(emulator)
  publisher = await api.signIn(emulator.accounts.publisher)
})
afterAll(async () => {
  await emulator.stop()
})

/** Calls a hosted layer operation; the HTTP status and the JSON body. */
const layerCall = async (layer: string, operation: string, params: Record<string, string>, method = "POST") => {
  const url = new URL(`${layer}/${operation}`)
  const body = new URLSearchParams({ f: "json", ...params })
  const response =
    method === "GET"
      ? await fetch(`${url}?${body}`, { headers: { "X-Esri-Authorization": `Bearer ${publisher}` } })
      : await fetch(url, { method, headers: { "X-Esri-Authorization": `Bearer ${publisher}` }, body })
  return { status: response.status, body: (await response.json()) as Json }
}

const fields = [
  { name: "NAME", type: "esriFieldTypeString", alias: "Name", length: 20 },
  { name: "COUNT", type: "esriFieldTypeInteger", alias: "Count" },
  { name: "SCORE", type: "esriFieldTypeDouble", alias: "Score" },
]

/** A new hosted feature service of the publisher with one point layer of `fields` and a table; its layer 0 URL. */
const newLayer = async (name: string, createParameters: Record<string, unknown> = {}) => {
  const created = await api.json("content/users/publisher_one/createService", {
    params: { createParameters: JSON.stringify({ name, ...createParameters }) },
    token: publisher,
  })
  const admin = created.serviceurl.replace("/rest/services/", "/rest/admin/services/")
  const definition = {
    layers: [{ id: 0, name: "Places", geometryType: "esriGeometryPoint", fields }],
    tables: [{ id: 1, name: "Notes", fields: [{ name: "TEXT", type: "esriFieldTypeString" }] }],
  }
  const added = (await (
    await fetch(`${admin}/addToDefinition`, {
      method: "POST",
      headers: { "X-Esri-Authorization": `Bearer ${publisher}` },
      body: new URLSearchParams({ f: "json", addToDefinition: JSON.stringify(definition) }),
    })
  ).json()) as Json
  expect(added.success).toBe(true)
  return { layer: `${created.serviceurl}/0`, table: `${created.serviceurl}/1`, itemId: created.itemId as string }
}

const point = (x: number, y: number) => ({ x, y })
const add = (layer: string, features: Array<unknown>, extra: Record<string, string> = {}) =>
  layerCall(layer, "addFeatures", { features: JSON.stringify(features), ...extra })
const queryLayer = (layer: string, params: Record<string, string>) =>
  layerCall(layer, "query", { where: "1=1", outFields: "*", ...params }, "GET")
const ids = (body: Json) => (body.features as Array<Json>).map((feature) => feature.attributes.OBJECTID)

describe("add and query", () => {
  it("features added come back from query with their attributes, geometry and fields", async () => {
    const { layer } = await newLayer("Round_Trip")
    const added = await add(layer, [
      { attributes: { NAME: "a", COUNT: 1, SCORE: 0.5 }, geometry: point(1, 2) },
      { attributes: { name: "b", count: "2" }, geometry: { ...point(3, 4), spatialReference: { wkid: 102100 } } },
      { attributes: { NAME: "c", UNKNOWN: "ignored", OBJECTID: 99 } },
    ])
    expect(added).toEqual({
      status: 200,
      body: {
        addResults: [1, 2, 3].map((objectId) => ({ objectId, uniqueId: objectId, globalId: null, success: true })),
      },
    })
    const { status, body } = await queryLayer(layer, {})
    expect(status).toBe(200)
    expect(body).toMatchObject({
      objectIdFieldName: "OBJECTID",
      globalIdFieldName: "",
      geometryType: "esriGeometryPoint",
      spatialReference: { wkid: 102100, latestWkid: 3857 },
    })
    expect(body.fields.map((field: Json) => [field.name, field.type])).toEqual([
      ["OBJECTID", "esriFieldTypeOID"],
      ["NAME", "esriFieldTypeString"],
      ["COUNT", "esriFieldTypeInteger"],
      ["SCORE", "esriFieldTypeDouble"],
    ])
    expect(body.features).toEqual([
      { attributes: { OBJECTID: 1, NAME: "a", COUNT: 1, SCORE: 0.5 }, geometry: { x: 1, y: 2 } },
      { attributes: { OBJECTID: 2, NAME: "b", COUNT: 2, SCORE: null }, geometry: { x: 3, y: 4 } },
      { attributes: { OBJECTID: 3, NAME: "c", COUNT: null, SCORE: null } },
    ])
    expect(body.exceededTransferLimit).toBeUndefined()
    const some = await queryLayer(layer, { outFields: "name", returnGeometry: "false", objectIds: "2,3" })
    expect(some.body.features).toEqual([{ attributes: { NAME: "b" } }, { attributes: { NAME: "c" } }])
    const info = (await (await fetch(`${layer}?f=json&token=${publisher}`)).json()) as Json
    expect(info.objectIdField).toBe("OBJECTID")
    expect(info.fields.map((field: Json) => field.name)).toEqual(["OBJECTID", "NAME", "COUNT", "SCORE"])
  })

  it("objectIds grow monotonically per layer: a deleted feature's id is never given again", async () => {
    const { layer, table } = await newLayer("Monotonic")
    await add(layer, [{ attributes: { NAME: "a" } }, { attributes: { NAME: "b" } }])
    expect((await layerCall(layer, "deleteFeatures", { objectIds: "2" })).body).toEqual({
      deleteResults: [{ objectId: 2, uniqueId: 2, globalId: null, success: true }],
    })
    expect((await add(layer, [{ attributes: { NAME: "c" } }])).body.addResults[0].objectId).toBe(3)
    // A table of the same service counts on its own, and has no geometry.
    const row = await add(table, [{ attributes: { TEXT: "note" }, geometry: point(1, 1) }])
    expect(row.body.addResults[0].objectId).toBe(1)
    const rows = await queryLayer(table, {})
    expect(rows.body.features).toEqual([{ attributes: { OBJECTID: 1, TEXT: "note" } }])
    expect(rows.body.geometryType).toBeUndefined()
  })
})

describe("layers a service was created with", () => {
  it("createParameters' layers are the service's until addToDefinition adds more", async () => {
    const created = await api.json("content/users/publisher_one/createService", {
      params: {
        createParameters: JSON.stringify({
          name: "Created_With_Layers",
          layers: [
            {
              id: 0,
              name: "Trees",
              geometryType: "esriGeometryPoint",
              fields: [{ name: "KIND", type: "esriFieldTypeString" }],
            },
          ],
        }),
      },
      token: publisher,
    })
    const layer = `${created.serviceurl}/0`
    expect(
      (await add(layer, [{ attributes: { KIND: "oak" }, geometry: point(1, 1) }])).body.addResults[0].success,
    ).toBe(true)
    expect((await queryLayer(layer, {})).body.features).toEqual([
      { attributes: { OBJECTID: 1, KIND: "oak" }, geometry: { x: 1, y: 1 } },
    ])
    const admin = created.serviceurl.replace("/rest/services/", "/rest/admin/services/")
    await fetch(`${admin}/addToDefinition`, {
      method: "POST",
      headers: { "X-Esri-Authorization": `Bearer ${publisher}` },
      body: new URLSearchParams({
        f: "json",
        addToDefinition: JSON.stringify({ tables: [{ id: 1, name: "Visits" }] }),
      }),
    })
    const service = (await (await fetch(`${created.serviceurl}?f=json&token=${publisher}`)).json()) as Json
    expect([service.layers.map((entry: Json) => entry.name), service.tables.map((entry: Json) => entry.name)]).toEqual([
      ["Trees"],
      ["Visits"],
    ])
  })
})

describe("paging", () => {
  it("pages are capped at maxRecordCount, and exceededTransferLimit says more remain", async () => {
    const { layer } = await newLayer("Paged", { maxRecordCount: 5 })
    await add(
      layer,
      Array.from({ length: 12 }, (_, index) => ({ attributes: { COUNT: index } })),
    )
    const first = await queryLayer(layer, {})
    expect([ids(first.body), first.body.exceededTransferLimit]).toEqual([[1, 2, 3, 4, 5], true])
    const asked = await queryLayer(layer, { resultOffset: "3", resultRecordCount: "3" })
    expect([ids(asked.body), asked.body.exceededTransferLimit]).toEqual([[4, 5, 6], true])
    const capped = await queryLayer(layer, { resultOffset: "5", resultRecordCount: "50" })
    expect([ids(capped.body), capped.body.exceededTransferLimit]).toEqual([[6, 7, 8, 9, 10], true])
    const last = await queryLayer(layer, { resultOffset: "10" })
    expect([ids(last.body), last.body.exceededTransferLimit]).toEqual([[11, 12], undefined])
    const descending = await queryLayer(layer, { orderByFields: "OBJECTID DESC", resultRecordCount: "2" })
    expect(ids(descending.body)).toEqual([12, 11])
    const byCount = await queryLayer(layer, { orderByFields: "count desc", where: "COUNT < 3" })
    expect(ids(byCount.body)).toEqual([3, 2, 1])
    // Every page of a walk, joined, is every feature once.
    const walked: Array<number> = []
    for (let offset = 0; ; offset += 5) {
      const page = await queryLayer(layer, { resultOffset: String(offset) })
      walked.push(...ids(page.body))
      if (page.body.exceededTransferLimit !== true) break
    }
    expect(walked).toEqual(Array.from({ length: 12 }, (_, index) => index + 1))
  })
})

describe("where, counts and ids", () => {
  it("reads 1=1, comparisons joined by AND, IS NULL, quotes and parentheses", async () => {
    const { layer } = await newLayer("Filtered")
    await add(layer, [
      { attributes: { NAME: "a", COUNT: 1, SCORE: 1.5 } },
      { attributes: { NAME: "b", COUNT: 2 } },
      { attributes: { NAME: "it's", COUNT: 3, SCORE: -2 } },
      { attributes: { NAME: "b", COUNT: 4, SCORE: 9 } },
    ])
    const matching = async (where: string) => ids((await queryLayer(layer, { where })).body)
    expect(await matching("1=1")).toEqual([1, 2, 3, 4])
    expect(await matching("1=0")).toEqual([])
    expect(await matching("NAME = 'b'")).toEqual([2, 4])
    expect(await matching("name='b' AND count > 2")).toEqual([4])
    expect(await matching("NAME = 'it''s'")).toEqual([3])
    expect(await matching("OBJECTID > 2")).toEqual([3, 4])
    expect(await matching("OBJECTID >= 2 and OBJECTID <= 3")).toEqual([2, 3])
    expect(await matching("NAME <> 'b'")).toEqual([1, 3])
    expect(await matching("NAME != 'b'")).toEqual([1, 3])
    expect(await matching("SCORE IS NULL")).toEqual([2])
    expect(await matching("(SCORE IS NOT NULL) AND (SCORE < 0)")).toEqual([3])
    expect(await matching("COUNT = '2'")).toEqual([2])
    expect(await matching("SCORE > -1.5e0")).toEqual([1, 4])
    expect((await queryLayer(layer, { where: "NAME = 'b'", returnCountOnly: "true" })).body).toEqual({ count: 2 })
    expect((await queryLayer(layer, { where: "COUNT > 1", returnIdsOnly: "true" })).body).toEqual({
      objectIdFieldName: "OBJECTID",
      objectIds: [2, 3, 4],
    })
    expect((await queryLayer(layer, { objectIds: "1,4,99", returnCountOnly: "true" })).body).toEqual({ count: 2 })
  })

  it("anything else is 400 'Unable to complete operation.' with what was wrong", async () => {
    const { layer } = await newLayer("Refused_Where")
    for (const [where, detail] of [
      ["NAME = 'a' OR NAME = 'b'", /OR is not supported/],
      ["NAME LIKE 'a%'", /Unexpected 'LIKE'/],
      ["MISSING = 1", /'MISSING' is not a field/],
      ["NAME = 'a", /not closed/],
      ["NAME =", /ends too early/],
      ["(NAME = 'a'", /parenthesis is not closed/],
      ["NAME ; DROP TABLE features", /Unexpected character ';'/],
      ["upper(NAME) = 'A'", /'upper' is not a field/],
      ["NAME 'a'", /comparison operator is expected/],
      ["1 = 1 2", /Unexpected '2'/],
    ] as const) {
      const { status, body } = await queryLayer(layer, { where })
      expect(status, where).toBe(200)
      expect(body.error, where).toMatchObject({ code: 400, message: "Unable to complete operation." })
      expect(body.error.details[0], where).toMatch(detail)
    }
    const badField = await queryLayer(layer, { outFields: "NOPE" })
    expect(badField.body.error).toMatchObject({ code: 400, details: ["Invalid field in outFields: 'NOPE'."] })
    const spatial = await queryLayer(layer, { geometry: JSON.stringify({ x: 1, y: 1 }) })
    expect(spatial.body.error.details).toEqual(["'geometry' is not supported by the emulator."])
    const distinct = await queryLayer(layer, { returnDistinctValues: "true" })
    expect(distinct.body.error.details).toEqual(["'returnDistinctValues' is not supported by the emulator."])
    const projected = await queryLayer(layer, { outSR: "4326" })
    expect(projected.body.error.details[0]).toMatch(/does not project/)
    expect((await queryLayer(layer, { outSR: "102100" })).body.features).toEqual([])
  })
})

describe("deleteFeatures, applyEdits and rollback", () => {
  it("deleteFeatures by objectIds or by where", async () => {
    const { layer } = await newLayer("Deleted")
    await add(
      layer,
      [1, 2, 3, 4].map((count) => ({ attributes: { COUNT: count } })),
    )
    expect((await layerCall(layer, "deleteFeatures", { where: "COUNT >= 3" })).body.deleteResults).toEqual([
      { objectId: 3, uniqueId: 3, globalId: null, success: true },
      { objectId: 4, uniqueId: 4, globalId: null, success: true },
    ])
    expect(ids((await queryLayer(layer, {})).body)).toEqual([1, 2])
    // One id that is not there: with rollbackOnFailure (the default) nothing is deleted.
    const missing = await layerCall(layer, "deleteFeatures", { objectIds: "1,7" })
    expect(missing.body.deleteResults).toEqual([
      { objectId: 1, success: false, error: { code: 1003, description: "Operation rolled back." } },
      { objectId: 7, success: false, error: { code: 1019, description: "Object is missing." } },
    ])
    expect(ids((await queryLayer(layer, {})).body)).toEqual([1, 2])
    await layerCall(layer, "deleteFeatures", { objectIds: "1,7", rollbackOnFailure: "false" })
    expect(ids((await queryLayer(layer, {})).body)).toEqual([2])
    const neither = await layerCall(layer, "deleteFeatures", {})
    expect(neither.body.error).toMatchObject({ code: 400, details: ["'objectIds' or 'where' is required."] })
  })

  it("applyEdits adds, updates (merging attributes) and deletes in one call", async () => {
    const { layer } = await newLayer("Edited")
    await add(layer, [
      { attributes: { NAME: "keep", COUNT: 1 }, geometry: point(0, 0) },
      { attributes: { NAME: "drop" } },
    ])
    const { body } = await layerCall(layer, "applyEdits", {
      adds: JSON.stringify([{ attributes: { NAME: "new" }, geometry: point(5, 5) }]),
      updates: JSON.stringify([{ attributes: { objectid: 1, COUNT: 10 }, geometry: point(1, 1) }]),
      deletes: "2",
    })
    expect(body).toEqual({
      addResults: [{ objectId: 3, uniqueId: 3, globalId: null, success: true }],
      updateResults: [{ objectId: 1, uniqueId: 1, globalId: null, success: true }],
      deleteResults: [{ objectId: 2, uniqueId: 2, globalId: null, success: true }],
    })
    expect((await queryLayer(layer, {})).body.features).toEqual([
      { attributes: { OBJECTID: 1, NAME: "keep", COUNT: 10, SCORE: null }, geometry: { x: 1, y: 1 } },
      { attributes: { OBJECTID: 3, NAME: "new", COUNT: null, SCORE: null }, geometry: { x: 5, y: 5 } },
    ])
  })

  it("a bad feature with rollbackOnFailure (the default) adds nothing; without it, the others go in", async () => {
    const { layer } = await newLayer("Rolled_Back")
    const features = [
      { attributes: { NAME: "good" }, geometry: point(1, 1) },
      { attributes: { NAME: "bad", COUNT: "many" } },
      { attributes: { NAME: "x".repeat(21) } },
      { attributes: { NAME: "no point" }, geometry: { x: "east", y: 1 } },
    ]
    const rolledBack = await add(layer, features)
    expect(rolledBack.body.addResults).toEqual([
      { success: false, error: { code: 1003, description: "Operation rolled back." } },
      { success: false, error: { code: 1000, description: "Setting of value for COUNT failed: not a number." } },
      {
        success: false,
        error: { code: 1000, description: "Setting of value for NAME failed: longer than the field's length (20)." },
      },
      { success: false, error: { code: 1000, description: "A point needs numeric x and y." } },
    ])
    expect((await queryLayer(layer, { returnCountOnly: "true" })).body).toEqual({ count: 0 })
    const partial = await add(layer, features, { rollbackOnFailure: "false" })
    expect(partial.body.addResults.map((result: Json) => result.success)).toEqual([true, false, false, false])
    expect((await queryLayer(layer, {})).body.features).toEqual([
      { attributes: { OBJECTID: 1, NAME: "good", COUNT: null, SCORE: null }, geometry: { x: 1, y: 1 } },
    ])
    // An update of a missing feature undoes the adds of the same applyEdits.
    const edits = await layerCall(layer, "applyEdits", {
      adds: JSON.stringify([{ attributes: { NAME: "later" } }]),
      updates: JSON.stringify([{ attributes: { OBJECTID: 42, NAME: "ghost" } }]),
    })
    expect(edits.body.updateResults).toEqual([
      { objectId: 42, success: false, error: { code: 1019, description: "Object is missing." } },
    ])
    expect(edits.body.addResults[0].error.code).toBe(1003)
    expect((await queryLayer(layer, { returnCountOnly: "true" })).body).toEqual({ count: 1 })
    // The rolled-back ids were never given out.
    expect((await add(layer, [{ attributes: { NAME: "next" } }])).body.addResults[0].objectId).toBe(2)
  })
})

describe("a CSV published as a feature service", () => {
  it("loads the CSV's rows as point features with typed fields", async () => {
    const csv = (await api.json("content/users/publisher_one/addItem", {
      params: {
        title: "Stops",
        type: "CSV",
        text: 'Stop Name,lat,lon,riders,ratio\nMain,45.5,-122.6,10,0.5\n"Oak, North",45.6,-122.7,,1\nNowhere,,,3,2.25\n',
      },
      token: publisher,
    })) as Json
    const published = await api.json("content/users/publisher_one/publish", {
      params: {
        itemId: csv.id,
        filetype: "csv",
        publishParameters: JSON.stringify({
          name: "Stops_Svc",
          locationType: "coordinates",
          latitudeFieldName: "lat",
          longitudeFieldName: "lon",
        }),
      },
      token: publisher,
    })
    const layer = `${published.services[0].serviceurl}/0`
    const { body } = await queryLayer(layer, {})
    expect(body.objectIdFieldName).toBe("ObjectId")
    expect(body.spatialReference).toEqual({ wkid: 4326 })
    expect(body.fields.map((field: Json) => [field.name, field.type])).toEqual([
      ["ObjectId", "esriFieldTypeOID"],
      ["Stop_Name", "esriFieldTypeString"],
      ["lat", "esriFieldTypeDouble"],
      ["lon", "esriFieldTypeDouble"],
      ["riders", "esriFieldTypeInteger"],
      ["ratio", "esriFieldTypeDouble"],
    ])
    expect(body.features).toEqual([
      {
        attributes: { ObjectId: 1, Stop_Name: "Main", lat: 45.5, lon: -122.6, riders: 10, ratio: 0.5 },
        geometry: { x: -122.6, y: 45.5 },
      },
      {
        attributes: { ObjectId: 2, Stop_Name: "Oak, North", lat: 45.6, lon: -122.7, riders: null, ratio: 1 },
        geometry: { x: -122.7, y: 45.6 },
      },
      { attributes: { ObjectId: 3, Stop_Name: "Nowhere", lat: null, lon: null, riders: 3, ratio: 2.25 } },
    ])
    const service = (await (
      await fetch(`${published.services[0].serviceurl}?f=json&token=${publisher}`)
    ).json()) as Json
    expect(service.layers).toMatchObject([{ id: 0, name: "Stops_Svc", geometryType: "esriGeometryPoint" }])
  })
})

describe("features go with their service", () => {
  it("deleting the service's item deletes its features and counters (no orphans)", async () => {
    const { layer, itemId } = await newLayer("Doomed")
    await add(layer, [{ attributes: { NAME: "a" } }, { attributes: { NAME: "b" } }])
    const rows = () => {
      const db = new DatabaseSync(join(emulator.dataDir, "portal.sqlite"), { readOnly: true })
      try {
        const count = (table: string) =>
          (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE item_id = ?`).get(itemId) as { n: number }).n
        return [count("features"), count("feature_layers")]
      } finally {
        db.close()
      }
    }
    expect(rows()).toEqual([2, 1])
    const deleted = await api.json(`content/users/publisher_one/items/${itemId}/delete`, { token: publisher })
    expect(deleted.success).toBe(true)
    expect(rows()).toEqual([0, 0])
    expect((await queryLayer(layer, {})).body.error).toMatchObject({ code: 404, message: "Service not found." })
  })
})
