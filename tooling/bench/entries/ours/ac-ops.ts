// Bundle-weight entry (a) + (c) — our SDK, (a) through `@arcgis-portal/content/operations`.
import * as Effect from "effect/Effect"
import { searchItems, userAndGroups, usersLayer } from "./functions.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")

const program = Effect.all([searchItems(input?.value ?? "parks"), userAndGroups(input?.title ?? "")])
Effect.runPromise(program.pipe(Effect.provide(usersLayer(key)))).then(console.log, console.error)
