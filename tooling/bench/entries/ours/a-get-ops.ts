// Bundle-weight entry (a) + one more content call (getItem) — our SDK, through `@arcgis-portal/content/operations`.
import * as Effect from "effect/Effect"
import { getItem, portal, searchItems } from "./functions.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")

const program = Effect.all([searchItems(input?.value ?? "parks"), getItem(input?.name ?? "")])
Effect.runPromise(program.pipe(Effect.provide(portal(key)))).then(console.log, console.error)
