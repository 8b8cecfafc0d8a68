// Bundle-weight entry (a) + (b) + (c) — our SDK through the operations entries: (a) and (b)
// `@arcgis-portal/content/operations`, (c) `@arcgis-portal/users-groups-roles/operations` (getUser and searchGroups,
// as rest-js's getUser and searchGroups).
import * as Effect from "effect/Effect"
import { portal, searchItems, upload, userAndGroups } from "./functions.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")

const program = Effect.all([
  searchItems(input?.value ?? "parks"),
  upload(input?.files?.[0] ?? new File([], "empty.csv")),
  userAndGroups(input?.title ?? ""),
])
Effect.runPromise(program.pipe(Effect.provide(portal(key)))).then(console.log, console.error)
