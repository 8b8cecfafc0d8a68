#!/usr/bin/env node
/**
 * `node dist/cli.js --items 1000 [--seed 7] [--rate 0.1] [--listing 10000] [--json]`: runs the fault campaign and,
 * with `--listing N`, an N-result paged listing whose token expires mid-stream; prints the figures; exits 1 unless
 * every item was done with nothing lost and no duplicate, and the listing came back complete, in order, renewed.
 */
import { parseArgs } from "node:util"
import { runCampaign } from "./campaign.ts"
import { runExpiringListing } from "./listing.ts"

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "1000" },
    seed: { type: "string", default: "7" },
    rate: { type: "string", default: "0.1" },
    concurrency: { type: "string", default: "16" },
    listing: { type: "string", default: "0" },
    json: { type: "boolean", default: false },
  },
  allowPositionals: true,
})

const result = await runCampaign({
  items: Number(values.items),
  seed: Number(values.seed),
  rate: Number(values.rate),
  concurrency: Number(values.concurrency),
  log: values.json ? undefined : (line) => console.log(line),
})
if (values.json) {
  console.log(JSON.stringify(result))
} else {
  const reconciled = Object.values(result.reconciliations).reduce((sum, n) => sum + n, 0)
  console.log(
    `${result.items} items, ${Math.round(result.rate * 100)}% faults, seed ${result.seed}: ` +
      `${result.done}/${result.items} done, ${result.lost} lost, ${result.duplicates} duplicates, ` +
      `${reconciled} reconciliations ${JSON.stringify(result.reconciliations)}, ${result.leftOver} left over, ` +
      `${result.requests} requests (${result.injected["429"]}×429, ${result.injected["503"]}×503 injected), in ${result.seconds} s`,
  )
}
const campaignOk = result.done === result.items && result.lost === 0 && result.duplicates === 0

let listingOk = true
if (Number(values.listing) > 0) {
  const listing = await runExpiringListing({
    items: Number(values.listing),
    log: values.json ? undefined : (line) => console.log(line),
  })
  listingOk =
    listing.listed === listing.items && listing.distinct === listing.items && listing.inOrder && listing.renewals >= 1
  if (values.json) console.log(JSON.stringify(listing))
  else
    console.log(
      `listing of ${listing.items} results (2 s token, ${listing.pages} pages, 4 in flight): ${listing.listed} listed, ` +
        `${listing.distinct} distinct, ${listing.inOrder ? "in order" : "OUT OF ORDER"}, ` +
        `${listing.renewals} token renewals mid-stream, in ${listing.listSeconds} s (seeded in ${listing.seedSeconds} s)`,
    )
}
process.exit(campaignOk && listingOk ? 0 : 1)
