// Bundle-weight entry (a) + one more content call (getItem) — our SDK.
import * as Effect from "effect/Effect"
import { contentLayer, getItem, searchItems } from "./ops.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")

const program = Effect.all([searchItems(input?.value ?? "parks"), getItem(input?.name ?? "")])
Effect.runPromise(program.pipe(Effect.provide(contentLayer(key)))).then(console.log, console.error)
