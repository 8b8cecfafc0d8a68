// The pure parts of `clone`'s output: the progress line, the plan's detail column, the result when the plan writes
// nothing, and the JSON of a failed step (its typed error as tag, message and the portal's codes).
import { Clone } from "@arcgis-portal/content"
import { PortalError } from "@arcgis-portal/core"
import { describe, expect, it } from "vitest"
import { errorJson, outcomeRow, progressLine, render, settledByPlan, stepDetail } from "../src/internal/clone-view.ts"

const layerId = "0123456789abcdef0123456789abcdef"
const mapId = "fedcba9876543210fedcba9876543210"

const step = (overrides: Partial<Clone.CloneStep>): Clone.CloneStep => ({
  sourceId: layerId,
  title: "Parks layer",
  type: "Feature Service",
  action: "create",
  kind: "featureService",
  dependsOn: [],
  requestedBy: "dependency",
  shareWith: [],
  notes: [],
  ...overrides,
})

describe("clone output", () => {
  it("the progress line: a bar of items done, failures, and what the current step is doing", () => {
    expect(render({ done: 3, total: 4, failed: 1, current: "Parks layer: features 400/1000" }, 120)).toBe(
      "clone  [###############-----]  3/4 items  1 failed  Parks layer: features 400/1000",
    )
    expect(render({ done: 0, total: 0, failed: 0, current: undefined }, 120)).toBe(
      "clone  [--------------------]  0/0 items",
    )
    expect(render({ done: 1, total: 2, failed: 0, current: "x".repeat(200) }, 60)).toHaveLength(60)
  })

  it("counts the ends itself and draws the last one whatever the throttle (and whatever `done` says); clears once", () => {
    const written: Array<string> = []
    let time = 0
    const line = progressLine(
      { write: (text) => written.push(text), columns: 100 },
      new Map([
        [layerId, "Parks layer"],
        [mapId, "Parks map"],
      ]),
      () => time,
    )
    line.update({ stage: "planned", steps: 2 })
    line.update({ stage: "step", sourceId: layerId, status: "started", done: 0, total: 2 })
    time += 10
    line.update({ stage: "features", sourceId: layerId, layer: 0, copied: 10, total: 20 })
    time += 200
    line.update({ stage: "features", sourceId: layerId, layer: 0, copied: 20, total: 20 })
    line.update({ stage: "step", sourceId: layerId, status: "created", done: 0, total: 2 })
    line.update({ stage: "step", sourceId: mapId, status: "failed", done: 1, total: 2 })
    line.finish()
    line.update({ stage: "step", sourceId: mapId, status: "created", done: 2, total: 2 })
    expect(written.map((text) => text.replace("\r\u001b[2K", ""))).toEqual([
      "clone  [--------------------]  0/2 items",
      "clone  [--------------------]  0/2 items  Parks layer: features 20/20",
      "clone  [####################]  2/2 items  1 failed  Parks layer: features 20/20",
      "",
    ])
  })

  it("a plan step's detail says where it goes or why not", () => {
    expect(stepDetail(step({ serviceName: "Parks" }))).toBe("service Parks (a dependency)")
    expect(stepDetail(step({ action: "skip", targetId: mapId, reason: "Cloned before.", requestedBy: "input" }))).toBe(
      `→ ${mapId} Cloned before.`,
    )
  })

  it("a plan that writes nothing is its own result: skipped and refused outcomes, nothing failed", () => {
    const plan: Clone.ClonePlan = {
      steps: [
        step({ action: "skip", targetId: mapId, reason: "Cloned before." }),
        step({ sourceId: mapId, title: "Parks map", type: "Web Map", action: "refuse", reason: "Not visible." }),
      ],
      groups: [],
      owner: "me",
      folder: undefined,
    }
    const settled = settledByPlan({
      dryRun: true,
      plan,
      outcomes: [],
      created: [],
      updated: [],
      skipped: [],
      refused: [],
      failed: [],
      itemMapping: { [layerId]: mapId },
      groupMapping: {},
    })
    expect(settled.dryRun).toBe(false)
    expect(settled.outcomes.map((outcome) => outcome.status)).toEqual(["skipped", "refused"])
    expect(settled.skipped).toEqual([expect.objectContaining({ sourceId: layerId, targetId: mapId })])
    expect(settled.refused).toEqual([expect.objectContaining({ sourceId: mapId, reason: "Not visible." })])
    expect(settled.itemMapping).toEqual({ [layerId]: mapId })
  })

  it("a failed step's error keeps the portal's code and message, in JSON and in its row", () => {
    const error = new PortalError.PortalError({
      operation: "Clone.clone",
      request: { method: "POST", path: "/sharing/rest/content/users/me/createService" },
      reason: "Forbidden",
      code: 403,
      messageCode: "GWM_0003",
      message: "You do not have permissions to access this resource or perform this operation.",
      details: [],
      retryAfter: undefined,
    })
    const json = errorJson(error)
    expect(json).toMatchObject({
      _tag: "PortalError",
      reason: "Forbidden",
      code: 403,
      messageCode: "GWM_0003",
      operation: "Clone.clone",
    })
    expect(JSON.stringify(json)).not.toContain("createService")
    const dependency = new Clone.CloneDependencyFailed({
      operation: "Clone.clone",
      sourceId: mapId,
      dependencies: [layerId],
      message: "A dependency failed.",
    })
    expect(errorJson(dependency)).toMatchObject({
      _tag: "CloneDependencyFailed",
      dependencies: [layerId],
      retryable: true,
    })
    const row = outcomeRow(
      { status: "failed", sourceId: layerId, title: "Parks layer", targetId: undefined, error },
      new Map([[layerId, step({})]]),
    )
    expect(row).toMatchObject({ result: "failed", type: "Feature Service" })
    expect(row.detail).toBe(
      "You do not have permissions to access this resource or perform this operation. (code 403 GWM_0003)",
    )
  })
})
