// Bundle-weight entry (a) search items with an API key — our SDK, through `@arcgis-portal/content/operations`.
import * as Effect from "effect/Effect"
import { portal, searchItems } from "./functions.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")

const program = Effect.all([searchItems(input?.value ?? "parks")])
Effect.runPromise(program.pipe(Effect.provide(portal(key)))).then(console.log, console.error)
