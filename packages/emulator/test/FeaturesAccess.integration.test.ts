/**
 * Who may read and edit a hosted layer's features (anonymous, another user, the owner, the owner's API key, an
 * administrator × private, org and public services), which API keys may edit (every editing route × keys with and
 * without `features:user:edit` / `fullEdit`, ownership rights or `portal:admin:updateItems`), and hostile input to the
 * feature operations: prototype names as field names, clauses built to stall a backtracking matcher, malformed JSON,
 * oversized arrays, unknown layers. Every refusal is a portal-style envelope (HTTP status and body asserted), never a
 * 500, and leaves the layer as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { client, type Json } from "./helpers.ts"

let emulator: EmulatorHandle
let api: ReturnType<typeof client>
/** Each principal's token: the default administrator, the service's owner (the publisher), another user, a key. */
const tokens = { admin: "", owner: "", user: "", apiKey: "" }
type Who = keyof typeof tokens

/** The privileges the API-key cases name. */
const viewOrgItems = "portal:user:viewOrgItems"
const createItem = "portal:user:createItem"
const viewItems = "portal:admin:viewItems"
const updateItems = "portal:admin:updateItems"
const edit = "features:user:edit"
const fullEdit = "features:user:fullEdit"

/**
 * The API keys of the feature-editing cases — the seeded one, and more given by the `apiKeys` option — with what each
 * may do to a private layer of the publisher's: `nothing`, `byObjectId` (every edit but a delete by `where`) or
 * `everything`. The publisher's role is given `fullEdit` before the cases run (the digest's publisher has it, §8.3);
 * the administrator's role never has it, so a key of theirs naming it gets nothing from it.
 */
const keyKinds: ReadonlyArray<{
  readonly name: string
  readonly username?: string
  readonly privileges?: ReadonlyArray<string>
  readonly may: "nothing" | "byObjectId" | "everything"
}> = [
  { name: "the seeded key (publisher: viewOrgItems, createItem)", may: "nothing" },
  {
    name: "publisher key: edit without createItem",
    username: "publisher_one",
    privileges: [viewOrgItems, edit],
    may: "nothing",
  },
  {
    name: "publisher key: createItem and edit",
    username: "publisher_one",
    privileges: [viewOrgItems, createItem, edit],
    may: "byObjectId",
  },
  {
    name: "publisher key: createItem and fullEdit",
    username: "publisher_one",
    privileges: [viewOrgItems, createItem, fullEdit],
    may: "everything",
  },
  { name: "admin key: updateItems", username: "portal_admin", privileges: [viewItems, updateItems], may: "nothing" },
  {
    name: "admin key: updateItems and edit",
    username: "portal_admin",
    privileges: [viewItems, updateItems, edit],
    may: "byObjectId",
  },
  {
    name: "admin key: updateItems and a fullEdit its owner's role lacks",
    username: "portal_admin",
    privileges: [viewItems, updateItems, fullEdit],
    may: "nothing",
  },
]
/** The secret of the `index`th key kind (the seeded key's is the emulator's). */
const keySecret = (index: number) => (index === 0 ? emulator.apiKey : `AAPKfeatureEdits${index}localOnlyTestSecret`)

beforeAll(async () => {
  emulator = await startEmulator({
    jobMillis: 0,
    apiKeys: keyKinds.flatMap(({ username, privileges }, index) =>
      username === undefined ? [] : [{ key: keySecret(index), username, privileges }],
    ),
  })
  api = client(emulator)
  tokens.admin = await api.signIn(emulator.accounts.admin)
  tokens.owner = await api.signIn(emulator.accounts.publisher)
  tokens.user = await api.signIn(emulator.accounts.user)
  tokens.apiKey = emulator.apiKey
})
afterAll(async () => {
  await emulator.stop()
})

/** A layer operation as `who` (a key of `tokens`, or anonymous): the HTTP status and the JSON body. */
const call = async (url: string, params: Record<string, string>, who?: Who, method: "GET" | "POST" = "POST") =>
  callWith(url, params, who === undefined ? undefined : tokens[who], method)

/** The same with a credential of its own (an API key's secret). */
const callWith = async (
  url: string,
  params: Record<string, string>,
  token: string | undefined,
  method: "GET" | "POST" = "POST",
) => {
  const headers: Record<string, string> = token === undefined ? {} : { "X-Esri-Authorization": `Bearer ${token}` }
  const body = new URLSearchParams({ f: "json", ...params })
  const response =
    method === "GET" ? await fetch(`${url}?${body}`, { headers }) : await fetch(url, { method, headers, body })
  return { status: response.status, body: (await response.json()) as Json }
}

/** A new service of the publisher with one point layer of `fields`; its item id and layer 0 URL. */
const newLayer = async (name: string, fields: Array<Json>) => {
  const created = await api.json("content/users/publisher_one/createService", {
    params: { createParameters: JSON.stringify({ name }) },
    token: tokens.owner,
  })
  const admin = created.serviceurl.replace("/rest/services/", "/rest/admin/services/")
  const definition = { layers: [{ id: 0, name: "Layer", geometryType: "esriGeometryPoint", fields }] }
  const added = await call(`${admin}/addToDefinition`, { addToDefinition: JSON.stringify(definition) }, "owner")
  expect(added.body.success).toBe(true)
  return { itemId: created.itemId as string, layer: `${created.serviceurl}/0` }
}

const count = async (layer: string) =>
  (await call(`${layer}/query`, { where: "1=1", returnCountOnly: "true" }, "owner")).body.count as number

describe("authorization", () => {
  const principals = [undefined, "user", "owner", "apiKey", "admin"] as const
  const name = (who: Who | undefined) => who ?? "anonymous"

  for (const access of ["private", "org", "public"] as const) {
    it(`${access} service: reading needs sight of the item, editing the right to change it`, async () => {
      const { itemId, layer } = await newLayer(`Access_${access}`, [{ name: "NAME", type: "esriFieldTypeString" }])
      if (access !== "private") {
        const share = await api.json(`content/users/publisher_one/items/${itemId}/share`, {
          params: access === "public" ? { everyone: "true" } : { org: "true" },
          token: tokens.owner,
        })
        expect(share.notSharedWith).toEqual([])
      }
      const sees = (who: Who | undefined) =>
        access === "public" || (who !== undefined && (access === "org" || who !== "user"))
      // The seeded key has its owner's ownership rights (createItem) but no feature-editing privilege.
      const changes = (who: Who | undefined) => who === "owner" || who === "admin"
      const refusal = (who: Who | undefined) =>
        who === undefined
          ? { code: 499, messageCode: "GWM_0003", message: "Token Required" }
          : { code: 403, messageCode: "GWM_0003" }
      let added = 0
      for (const who of principals) {
        const read = await call(`${layer}/query`, { where: "1=1", outFields: "*" }, who, "GET")
        expect(read.status, name(who)).toBe(200)
        if (sees(who)) expect(Array.isArray(read.body.features), name(who)).toBe(true)
        else expect(read.body.error, name(who)).toMatchObject(refusal(who))
        for (const [operation, params] of [
          ["addFeatures", { features: JSON.stringify([{ attributes: { NAME: name(who) } }]) }],
          ["applyEdits", { adds: JSON.stringify([{ attributes: { NAME: name(who) } }]) }],
          ["deleteFeatures", { where: "1=0" }],
        ] as const) {
          const edit = await call(`${layer}/${operation}`, params, who)
          expect(edit.status, `${name(who)} ${operation}`).toBe(200)
          if (changes(who)) {
            expect(edit.body.error, `${name(who)} ${operation}`).toBeUndefined()
            if (operation !== "deleteFeatures") added += 1
          } else expect(edit.body.error, `${name(who)} ${operation}`).toMatchObject(refusal(who))
        }
      }
      // Only the allowed edits wrote anything.
      expect(await count(layer)).toBe(added)
      expect(added).toBe(4)
    })
  }

  it("an unknown service is a 404 envelope, for everyone", async () => {
    const url = `${emulator.url.replace(/\/portal$/, "/server")}/rest/services/Hosted/No_Such/FeatureServer/0`
    for (const who of principals) {
      const { status, body } = await call(`${url}/query`, { where: "1=1" }, who)
      expect([status, body.error?.code, body.error?.message], name(who)).toEqual([200, 404, "Service not found."])
    }
  })
})

describe("API keys edit features only with features:user:edit or fullEdit", () => {
  /** Every editing route, with the NAMEs layer 0 holds after it runs on features `a` (objectId 1) and `b` (2). */
  const routes = [
    {
      name: "addFeatures",
      operation: "addFeatures",
      params: { features: '[{"attributes":{"NAME":"c"}}]' },
      after: ["a", "b", "c"],
    },
    {
      name: "applyEdits adds",
      operation: "applyEdits",
      params: { adds: '[{"attributes":{"NAME":"c"}}]' },
      after: ["a", "b", "c"],
    },
    {
      name: "applyEdits updates",
      operation: "applyEdits",
      params: { updates: '[{"attributes":{"OBJECTID":1,"NAME":"z"}}]' },
      after: ["z", "b"],
    },
    { name: "applyEdits deletes", operation: "applyEdits", params: { deletes: "1" }, after: ["b"] },
    { name: "deleteFeatures by objectIds", operation: "deleteFeatures", params: { objectIds: "1,2" }, after: [] },
    {
      name: "deleteFeatures by where 1=1",
      operation: "deleteFeatures",
      params: { where: "1=1" },
      after: [],
      byWhere: true,
    },
  ] as const
  const names = async (layer: string) =>
    (await call(`${layer}/query`, { where: "1=1", outFields: "NAME" }, "owner")).body.features.map(
      (feature: Json) => feature.attributes.NAME,
    ) as Array<string>

  beforeAll(async () => {
    // The publisher's role with `features:user:fullEdit` too, so that a key of theirs can hold it.
    const self = await api.json("community/self", { method: "GET", token: tokens.owner })
    const role = await api.json("portals/self/createRole", {
      params: { name: "Publisher, full edit" },
      token: tokens.admin,
    })
    const privileges = JSON.stringify({ privileges: [...self.privileges, fullEdit] })
    const set = await api.json(`portals/self/roles/${role.id}/setPrivileges`, {
      params: { privileges },
      token: tokens.admin,
    })
    const moved = await api.json("portals/self/updateUserRole", {
      params: { user: "publisher_one", role: role.id },
      token: tokens.admin,
    })
    expect([set.success, moved.success]).toEqual([true, true])
  })

  keyKinds.forEach((kind, keyIndex) => {
    routes.forEach((route, routeIndex) => {
      const allowed = kind.may === "everything" || (kind.may === "byObjectId" && !("byWhere" in route && route.byWhere))
      it(`${kind.name} × ${route.name}: ${allowed ? "edits" : "403"}`, async () => {
        const { layer } = await newLayer(`Key_${keyIndex}_${routeIndex}`, [
          { name: "NAME", type: "esriFieldTypeString" },
        ])
        const seeded = await call(
          `${layer}/addFeatures`,
          { features: '[{"attributes":{"NAME":"a"}},{"attributes":{"NAME":"b"}}]' },
          "owner",
        )
        expect(seeded.body.addResults.map((result: Json) => result.objectId)).toEqual([1, 2])
        const { status, body } = await callWith(`${layer}/${route.operation}`, route.params, keySecret(keyIndex))
        expect(status).toBe(200)
        if (allowed) {
          expect(body.error).toBeUndefined()
          const results = Object.values(body).flat() as Array<Json>
          expect(results.length).toBeGreaterThan(0)
          expect(results.every((result) => result.success === true)).toBe(true)
          expect(await names(layer)).toEqual(route.after)
        } else {
          expect(body).toEqual({
            error: {
              code: 403,
              messageCode: "GWM_0003",
              message: "You do not have permissions to access this resource or perform this operation.",
              details: [],
            },
          })
          expect(await names(layer)).toEqual(["a", "b"])
        }
      })
    })
  })
})

describe("hostile input", () => {
  it("prototype names as field names are plain fields: stored, filtered and returned, nothing polluted", async () => {
    const names = ["__proto__", "constructor", "toString", "hasOwnProperty", "prototype"]
    const { layer } = await newLayer(
      "Prototype_Fields",
      names.map((field) => ({ name: field, type: "esriFieldTypeString" })),
    )
    // Raw JSON text: a `__proto__` key in an object literal would set a prototype, not send a field.
    const features = `[{"attributes":{"__proto__":"p","constructor":"c","toString":"t"}},{"attributes":{"prototype":"x"}}]`
    const added = await call(`${layer}/addFeatures`, { features }, "owner")
    expect(added.body.addResults.map((result: Json) => result.success)).toEqual([true, true])
    const text = await (await fetch(`${layer}/query?f=json&where=1%3D1&outFields=*&token=${tokens.owner}`)).text()
    const body = JSON.parse(text) as Json
    const [first, second] = body.features.map((feature: Json) => feature.attributes) as Array<Record<string, unknown>>
    // Every field is an own value of the answer (a missing one is null, never what Object.prototype has).
    const own = (attributes: Record<string, unknown> | undefined) =>
      names.map((field) => [field, Object.getOwnPropertyDescriptor(attributes ?? {}, field)?.value])
    expect(own(first)).toEqual([
      ["__proto__", "p"],
      ["constructor", "c"],
      ["toString", "t"],
      ["hasOwnProperty", null],
      ["prototype", null],
    ])
    expect(own(second)).toEqual([
      ["__proto__", null],
      ["constructor", null],
      ["toString", null],
      ["hasOwnProperty", null],
      ["prototype", "x"],
    ])
    const matching = await call(`${layer}/query`, { where: "constructor = 'c' AND __proto__ = 'p'" }, "owner")
    expect(matching.body.features.map((feature: Json) => feature.attributes.OBJECTID)).toEqual([1])
    const polluting = `[{"attributes":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}]`
    const refused = await call(`${layer}/addFeatures`, { features: polluting }, "owner")
    expect(refused.body.addResults[0]).toMatchObject({ success: false, error: { code: 1000 } })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(await count(layer)).toBe(2)
  })

  it("clauses built to stall a backtracking parser are refused at once", async () => {
    const { layer } = await newLayer("Stall_Where", [{ name: "a", type: "esriFieldTypeString" }])
    await call(`${layer}/addFeatures`, { features: JSON.stringify([{ attributes: { a: "a'a" } }]) }, "owner")
    for (const [where, detail] of [
      [`a = '${"a".repeat(50_000)}`, /not closed/],
      [`a = ${"'a".repeat(20_000)}`, /more than 1000 tokens/],
      [`${"(".repeat(50_000)}a = 'a'`, /more than 1000 tokens/],
      [`${"(".repeat(20)}a = 'a'${")".repeat(20)}`, /nested too deeply/],
      [`${"a = 'a' AND ".repeat(20_000)}a = 'a'`, /more than 1000 tokens/],
      [`a = '${"\\".repeat(30_000)}`, /not closed/],
      [`${"a".repeat(100_000)} = 'a'`, /is not a field/],
    ] as const) {
      const { status, body } = await call(`${layer}/query`, { where }, "owner")
      expect(status).toBe(200)
      expect(body.error).toMatchObject({ code: 400, message: "Unable to complete operation." })
      expect(body.error.details[0]).toMatch(detail)
    }
    // A long clause that is valid is read in one pass and answered.
    const long = await call(`${layer}/query`, { where: `a = '${"x''".repeat(100_000)}'` }, "owner")
    expect(long.body.features).toEqual([])
    const quoted = await call(`${layer}/query`, { where: "a = 'a''a'", outFields: "a" }, "owner")
    expect(quoted.body.features).toEqual([{ attributes: { a: "a'a" } }])
  })

  it("malformed JSON, wrong shapes, oversized arrays and bad numbers are 400 envelopes that change nothing", async () => {
    const { layer } = await newLayer("Hostile_Edits", [{ name: "N", type: "esriFieldTypeInteger" }])
    const many = (size: number) => JSON.stringify(Array.from({ length: size }, () => ({ attributes: { N: 1 } })))
    const deepArray = `${"[".repeat(100_000)}${"]".repeat(100_000)}`
    for (const [operation, params, detail] of [
      ["addFeatures", { features: "[{" }, "'features' must be valid JSON."],
      ["addFeatures", { features: '{"attributes":{}}' }, "'features' must be a JSON array."],
      ["addFeatures", { features: many(2_001) }, "A request may carry at most 2000 edits; this one has 2001."],
      [
        "applyEdits",
        { adds: many(1_500), updates: many(501) },
        "A request may carry at most 2000 edits; this one has 2001.",
      ],
      ["applyEdits", { deletes: "1,two" }, "Invalid 'deletes': 'two' is not an objectId."],
      ["applyEdits", { adds: "nope" }, "'adds' must be valid JSON."],
      ["addFeatures", { features: "[]", rollbackOnFailure: "perhaps" }, "'rollbackOnFailure' must be true or false."],
      [
        "deleteFeatures",
        { objectIds: Array.from({ length: 2_001 }, (_, index) => index + 1).join(",") },
        "'objectIds' holds 2001 values; at most 2000.",
      ],
      ["query", { where: "1=1", resultOffset: "-1" }, "'resultOffset' must be a non-negative integer."],
      ["query", { where: "1=1", resultRecordCount: "ten" }, "'resultRecordCount' must be a non-negative integer."],
      ["query", { where: "1=1", returnCountOnly: "maybe" }, "'returnCountOnly' must be true or false."],
      ["query", { objectIds: "1,__proto__" }, "Invalid 'objectIds': '__proto__' is not an objectId."],
      ["query", { orderByFields: "N; DROP TABLE features" }, "Invalid orderByFields: 'N; DROP TABLE features'."],
    ] as const) {
      const { status, body } = await call(`${layer}/${operation}`, params, "owner")
      expect(status, detail).toBe(200)
      expect(body.error?.code, detail).toBe(400)
      expect([...(body.error?.details ?? [])], detail).toEqual([detail])
    }
    // A deeply nested array is one bad feature, answered as such.
    const deep = await call(`${layer}/addFeatures`, { features: `[${deepArray}]` }, "owner")
    expect([deep.status, deep.body.addResults?.[0]?.error?.code]).toEqual([200, 1000])
    const wrongValue = await call(`${layer}/addFeatures`, { features: '[{"attributes":{"N":{"$gt":1}}}]' }, "owner")
    expect(wrongValue.body.addResults[0].error.description).toBe(
      "Setting of value for N failed: a value must be a number, text, true or false.",
    )
    expect(await count(layer)).toBe(0)
  })

  it("unknown layers, GETs of edits and unknown operations are envelopes", async () => {
    const { layer } = await newLayer("Hostile_Paths", [])
    const service = layer.replace(/\/0$/, "")
    for (const path of ["7/query", "99999999999999999999999/query", "7/addFeatures"]) {
      const { status, body } = await call(`${service}/${path}`, { where: "1=1" }, "owner")
      expect([status, body.error?.code, body.error?.details], path).toEqual([200, 400, ["Layer not found."]])
    }
    const get = await call(`${layer}/addFeatures`, { features: "[]" }, "owner", "GET")
    expect([get.status, get.body.error?.code]).toEqual([405, 405])
    const unknown = await call(`${layer}/truncate`, {}, "owner")
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 404])
  })
})
