// Bundle-weight entry (a) + (b) + (c) — our SDK, (a) and (b) through `@arcgis-portal/content/operations`.
import * as Effect from "effect/Effect"
import { searchItems, upload, userAndGroups, usersLayer } from "./functions.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")

const program = Effect.all([
  searchItems(input?.value ?? "parks"),
  upload(input?.files?.[0] ?? new File([], "empty.csv")),
  userAndGroups(input?.title ?? ""),
])
Effect.runPromise(program.pipe(Effect.provide(usersLayer(key)))).then(console.log, console.error)
