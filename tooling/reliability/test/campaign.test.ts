import { describe, expect, it } from "vitest"
import { runCampaign } from "../src/campaign.ts"

describe("fault campaign (CI size; `node dist/cli.js --items 1000` for the full run)", () => {
  it("150 items, 10% faults of every kind, seed 7: all done, none lost, no duplicate, nothing left", async () => {
    const result = await runCampaign({ items: 150, seed: 7 })
    expect(result).toMatchObject({ items: 150, done: 150, lost: 0, duplicates: 0, leftOver: 0 })
    expect(result.injected["429"] + result.injected["503"]).toBeGreaterThan(0)
  })
})
