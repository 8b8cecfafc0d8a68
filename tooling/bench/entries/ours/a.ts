// Bundle-weight entry (a) search items with an API key — our SDK.
import * as Effect from "effect/Effect"
import { contentLayer, searchItems } from "./ops.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")

const program = Effect.all([searchItems(input?.value ?? "parks")])
Effect.runPromise(program.pipe(Effect.provide(contentLayer(key)))).then(console.log, console.error)
