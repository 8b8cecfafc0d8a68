/**
 * `gis.content.cloneItems` between two emulators (two orgs, two sets of users): the plan of a dry run writes nothing;
 * the clone creates the web map and its layer item in the target with the web map's data rewritten to the clone's id;
 * running it again creates nothing twice; a missing source for ids is `InvalidInput`.
 */
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { GIS, InvalidInput } from "../src/index.ts"

let source: EmulatorHandle
let target: EmulatorHandle

beforeAll(async () => {
  ;[source, target] = await Promise.all([
    startEmulator(),
    startEmulator({ org: { name: "Clone Target", urlKey: "clonetarget", usernameSuffix: "_tgt" } }),
  ])
})
afterAll(async () => {
  await Promise.all([source.stop(), target.stop()])
})

const connect = (emulator: EmulatorHandle) =>
  GIS.connect({
    url: emulator.url,
    username: emulator.accounts.publisher.username,
    password: emulator.accounts.publisher.password,
  })

describe("gis.content.cloneItems", () => {
  it("plans, clones with rewritten data, and creates nothing twice when run again", async () => {
    const from = await connect(source)
    const to = await connect(target)
    const layer = await from.content.add({
      title: "Clone me: trails",
      type: "Feature Collection",
      text: JSON.stringify({ layers: [] }),
    })
    const map = await from.content.add({
      title: "Clone me: map",
      type: "Web Map",
      text: JSON.stringify({ operationalLayers: [{ id: "trails", itemId: layer.id, title: "Trails" }] }),
    })

    const planned = await to.content.cloneItems([map], { dryRun: true })
    expect(planned.plan.steps.map((step) => [step.action, step.title])).toEqual([
      ["create", "Clone me: trails"],
      ["create", "Clone me: map"],
    ])
    expect(await to.content.search('title:"Clone me"')).toHaveLength(0)

    const result = await to.content.cloneItems([map])
    expect(result.failed).toEqual([])
    const mapClone = result.itemMapping[map.id]
    const layerClone = result.itemMapping[layer.id]
    expect(mapClone).toBeTypeOf("string")
    expect(layerClone).toBeTypeOf("string")
    const cloned = await to.content.get(mapClone as string)
    expect(cloned?.owner).toBe(target.accounts.publisher.username)
    expect(cloned?.typeKeywords).toContain(`source-${map.id}`)
    const data = (await cloned?.getData()) as { operationalLayers: Array<{ itemId: string }> }
    expect(data.operationalLayers[0]?.itemId).toBe(layerClone)

    const again = await to.content.cloneItems([map])
    expect(again.created).toHaveLength(0)
    expect(again.skipped).toHaveLength(2)
    expect(await to.content.search('title:"Clone me"')).toHaveLength(2)
  })

  it("ids without a source connection are refused before anything is sent", async () => {
    const to = await connect(target)
    await expect(to.content.cloneItems(["0123456789abcdef0123456789abcdef"])).rejects.toBeInstanceOf(InvalidInput)
  })
})
