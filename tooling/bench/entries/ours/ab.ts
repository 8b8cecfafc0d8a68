// Bundle-weight entry (a) + (b) — our SDK.
import * as Effect from "effect/Effect"
import { contentLayer, searchItems, upload } from "./ops.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")

const program = Effect.all([
  searchItems(input?.value ?? "parks"),
  upload(input?.files?.[0] ?? new File([], "empty.csv")),
])
Effect.runPromise(program.pipe(Effect.provide(contentLayer(key)))).then(console.log, console.error)
