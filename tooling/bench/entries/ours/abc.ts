// Bundle-weight entry (a) + (b) + (c) — our SDK.
import * as Effect from "effect/Effect"
import { allLayer, searchItems, upload, userAndGroups } from "./ops.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")

const program = Effect.all([
  searchItems(input?.value ?? "parks"),
  upload(input?.files?.[0] ?? new File([], "empty.csv")),
  userAndGroups(input?.title ?? ""),
])
Effect.runPromise(program.pipe(Effect.provide(allLayer(key)))).then(console.log, console.error)
