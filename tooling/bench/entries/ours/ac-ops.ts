// Bundle-weight entry (a) + (c) — our SDK through the operations entries: (a) `@arcgis-portal/content/operations`,
// (c) `@arcgis-portal/users-groups-roles/operations` (getUser and searchGroups, as rest-js's getUser and searchGroups).
import * as Effect from "effect/Effect"
import { portal, searchItems, userAndGroups } from "./functions.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")

const program = Effect.all([searchItems(input?.value ?? "parks"), userAndGroups(input?.title ?? "")])
Effect.runPromise(program.pipe(Effect.provide(portal(key)))).then(console.log, console.error)
