import { describe, expect, it } from "vitest"
import * as BulkPlan from "../../src/internal/bulk-plan.ts"

const item = (id: string, owner: string, extra: Partial<BulkPlan.PlannedItem> = {}): BulkPlan.PlannedItem => ({
  id,
  title: `title ${id}`,
  owner,
  ...extra,
})

describe("bulk plans", () => {
  it("delete skips protected items", () => {
    const steps = BulkPlan.plan({ kind: "delete" }, [item("a", "x"), item("b", "x", { protected: true })])
    expect(steps.map((step) => [step.item.id, step.act, step.reason])).toEqual([
      ["a", true, undefined],
      ["b", false, "protected (item protect --off first)"],
    ])
  })

  it("move skips items already there and owners without the folder", () => {
    const steps = BulkPlan.plan(
      { kind: "move", folder: "archive" },
      [item("a", "x", { ownerFolder: "f1" }), item("b", "x"), item("c", "y")],
      new Map([["x", "f1"]]),
    )
    expect(steps.map((step) => [step.item.id, step.act, step.reason])).toEqual([
      ["a", false, "already there"],
      ["b", true, undefined],
      ["c", false, 'y has no folder "archive"'],
    ])
    const toRoot = BulkPlan.plan(
      { kind: "move", folder: "/" },
      [item("a", "x"), item("b", "x", { ownerFolder: "f1" })],
      new Map([["x", null]]),
    )
    expect(toRoot.map((step) => step.act)).toEqual([false, true])
  })

  it("cuts the work into one owner's items, at most 100 a request, in the order found", () => {
    const items = [
      ...Array.from({ length: 150 }, (_, index) => item(`a${index}`, "x")),
      item("b0", "y"),
      item("a150", "x"),
    ]
    const batches = BulkPlan.batches(items)
    expect(batches.map((batch) => [batch.owner, batch.items.length])).toEqual([
      ["x", 100],
      ["x", 51],
      ["y", 1],
    ])
    expect(batches[1]?.items.at(-1)?.id).toBe("a150")
  })

  it("finds the failed items again with an id query", () => {
    expect(BulkPlan.idQuery(["a", "b"])).toBe("id:a OR id:b")
  })
})
