// The README's example of the operations entry ("Functions for small bundles"), type-checked (never run: it talks to a
// real portal).
import { AuthStrategy, Portal } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { getUser, searchGroups } from "../src/operations-entry/index.ts"

const program = Effect.gen(function* () {
  const user = yield* getUser("jsmith")
  const groups = yield* searchGroups({ query: "owner:jsmith", maxGroups: 10 })
  console.log(
    user?.fullName,
    groups.map((group) => group.title),
  )
})

const PortalLive = Portal.layer({ url: "https://host/portal", auth: AuthStrategy.anonymous })

await Effect.runPromise(program.pipe(Effect.provide(PortalLive)))
