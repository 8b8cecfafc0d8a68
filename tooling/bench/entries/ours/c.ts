// Bundle-weight entry (c) get user + search groups — our SDK.
import * as Effect from "effect/Effect"
import { userAndGroups, usersLayer } from "./ops.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")

const program = Effect.all([userAndGroups(input?.title ?? "")])
Effect.runPromise(program.pipe(Effect.provide(usersLayer(key)))).then(console.log, console.error)
