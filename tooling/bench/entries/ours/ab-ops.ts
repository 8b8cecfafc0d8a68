// Bundle-weight entry (a) + (b) — our SDK, through `@arcgis-portal/content/operations`.
import * as Effect from "effect/Effect"
import { portal, searchItems, upload } from "./functions.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")

const program = Effect.all([
  searchItems(input?.value ?? "parks"),
  upload(input?.files?.[0] ?? new File([], "empty.csv")),
])
Effect.runPromise(program.pipe(Effect.provide(portal(key)))).then(console.log, console.error)
