// The README's first example, type-checked (never run: it talks to a real portal).
import { AuthStrategy, Portal } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { Groups, Roles, Users } from "../src/index.ts"

const program = Effect.gen(function* () {
  const users = yield* Users.Users
  const groups = yield* Groups.Groups
  const found = yield* users.search({ query: "username:user_*", maxUsers: 10 })
  const group = yield* groups.create({ title: "Field crews", tags: ["field"], access: "org" })
  const { notAdded } = yield* groups.addUsers(group, found)
  console.log(
    found.map((user) => user.username),
    notAdded,
  )
})

const PortalLive = Portal.layer({ url: "https://host/portal", auth: AuthStrategy.anonymous })
const ServicesLive = Layer.mergeAll(Users.layer, Groups.layer, Roles.layer).pipe(Layer.provide(PortalLive))

await Effect.runPromise(program.pipe(Effect.provide(ServicesLive)))
