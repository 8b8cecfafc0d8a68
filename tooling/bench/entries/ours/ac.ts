// Bundle-weight entry (a) + (c) — our SDK.
import * as Effect from "effect/Effect"
import { allLayer, searchItems, userAndGroups } from "./ops.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")

const program = Effect.all([searchItems(input?.value ?? "parks"), userAndGroups(input?.title ?? "")])
Effect.runPromise(program.pipe(Effect.provide(allLayer(key)))).then(console.log, console.error)
