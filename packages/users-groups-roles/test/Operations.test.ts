// `@arcgis-portal/users-groups-roles/operations` against a scripted portal: one function for every method of Users,
// Groups and Roles (and nothing else), each sending exactly the requests its service method sends and answering the
// same — the cases are generated over the entry's exports, so a function without a case fails.
import { Transport } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Stream from "effect/Stream"
import * as Groups from "../src/Groups.ts"
import * as Operations from "../src/operations-entry/index.ts"
import * as Roles from "../src/Roles.ts"
import * as Users from "../src/Users.ts"
import {
  deniedEnvelope,
  failure,
  fullGroup,
  groupId,
  paramsOf,
  portalLayer,
  rest,
  scriptedPortal,
  servicesLayer,
} from "./helpers.ts"
import {
  cases,
  type FunctionName,
  functionNames,
  methodOf,
  plausiblePortal,
  type ServiceName,
} from "./operations-cases.ts"

type Callable = (...args: ReadonlyArray<unknown>) => unknown

const services: Record<ServiceName, Effect.Effect<object, never, Users.Users | Groups.Groups | Roles.Roles>> = {
  Users: Users.Users,
  Groups: Groups.Groups,
  Roles: Roles.Roles,
}

const isByteResponse = (value: unknown): value is Transport.ByteResponse =>
  typeof value === "object" && value !== null && "stream" in value && Stream.isStream(value.stream)

/** An operation's answer, run to its end: a stream collected, a byte response's body read whole. */
const settle = (result: unknown): Effect.Effect<unknown, unknown> =>
  Effect.flatMap(
    Stream.isStream(result)
      ? Stream.runCollect(result as Stream.Stream<unknown, unknown>)
      : (result as Effect.Effect<unknown, unknown>),
    (answer) =>
      isByteResponse(answer)
        ? Effect.map(Transport.collectBytes(answer.stream), (bytes) => ({ ...answer, stream: Array.from(bytes) }))
        : Effect.succeed(answer),
  )

/** What went over the wire: method and path, parameters, file parts and the token, in order. */
const wire = (scripted: ScriptedFetch.ScriptedFetch) =>
  scripted.requests.map((request) => ({
    line: `${request.method} ${request.url.pathname}`,
    params: paramsOf(request),
    files: Object.entries(request.files).map(([field, file]) => [field, file.fileName, Array.from(file.bytes)]),
    token: ScriptedFetch.tokenOf(request),
  }))

const exports = Object.entries(Operations) as Array<[FunctionName, unknown]>

describe("@arcgis-portal/users-groups-roles/operations", () => {
  it("every export is a function, one for every method of Users, Groups and Roles", () => {
    expect(exports.filter(([, exported]) => typeof exported !== "function").map(([name]) => name)).toEqual([])
    const fromServices = Object.values(functionNames).flatMap((methods) => Object.values(methods))
    expect(new Set(fromServices).size).toBe(fromServices.length)
    expect(exports.map(([name]) => name).sort()).toEqual([...fromServices].sort())
  })

  it.effect("the services' methods are exactly the ones the names cover (the face cannot fall behind)", () =>
    Effect.gen(function* () {
      const scripted = scriptedPortal(plausiblePortal)
      const shapes = yield* Effect.all(services).pipe(Effect.provide(servicesLayer(scripted)))
      for (const [service, shape] of Object.entries(shapes) as Array<[ServiceName, object]>) {
        expect(Object.keys(shape).sort(), service).toEqual(Object.keys(functionNames[service]).sort())
      }
    }),
  )

  describe("each function sends what its service method sends and answers the same", () => {
    for (const [name, exported] of exports) {
      it.effect(name, () =>
        Effect.gen(function* () {
          const behind = methodOf(name)
          const args = cases[name]
          expect(behind, `${name} is no method's function`).toBeDefined()
          expect(args, `${name} has no case in test/operations-cases.ts`).toBeDefined()
          if (behind === undefined || args === undefined) return
          const viaService = scriptedPortal(plausiblePortal)
          const fromService = yield* Effect.exit(
            Effect.flatMap(services[behind.service], (shape) =>
              settle((shape as unknown as Record<string, Callable>)[behind.method]!(...args)),
            ).pipe(Effect.provide(servicesLayer(viaService))),
          )
          const viaFunction = scriptedPortal(plausiblePortal)
          const fromFunction = yield* Effect.exit(
            settle((exported as Callable)(...args)).pipe(Effect.provide(portalLayer(viaFunction))),
          )
          // The case runs the operation to its end, so the comparison covers every request it makes.
          expect(Exit.isSuccess(fromService), `${behind.service}.${behind.method} failed: ${String(fromService)}`).toBe(
            true,
          )
          expect(viaService.requests.some((request) => ScriptedFetch.route(request) !== "portals/self")).toBe(true)
          expect(wire(viaFunction)).toEqual(wire(viaService))
          expect(fromFunction).toEqual(fromService)
        }),
      )
    }
  })

  it.effect("functions under one Portal.layer read portals/self once, as the services of one layer do", () =>
    Effect.gen(function* () {
      const scripted = scriptedPortal(plausiblePortal)
      const [found, again] = yield* Effect.all([
        Operations.searchGroups({ query: "owner:esri" }),
        Operations.searchUsers({ query: "username:user_*" }),
      ]).pipe(Effect.provide(portalLayer(scripted)))
      expect(found.map((group) => group.id)).toEqual([groupId])
      expect(again.map((user) => user.username)).toEqual(["user_one"])
      expect(scripted.requests.filter((request) => ScriptedFetch.route(request) === "portals/self")).toHaveLength(1)
      expect(
        paramsOf(scripted.requests.find((request) => ScriptedFetch.route(request) === "community/groups")!),
      ).toEqual({
        q: "owner:esri accountid:0123456789ABCDEF",
        start: "1",
        num: "100",
        sortField: "title",
        sortOrder: "asc",
      })
    }),
  )

  it.effect("failures are the services' typed errors: InvalidInput before sending, PortalError from the portal", () =>
    Effect.gen(function* () {
      const scripted = scriptedPortal((_, path) =>
        path === `community/groups/${groupId}/delete` ? deniedEnvelope : undefined,
      )
      const [refused, denied] = yield* Effect.all([
        Effect.exit(Operations.getUser("not a username!")),
        Effect.exit(Operations.deleteGroup(fullGroup())),
      ]).pipe(Effect.provide(portalLayer(scripted)))
      expect(failure(refused)).toMatchObject({ _tag: "InvalidInput", operation: "Users.get", field: "username" })
      expect(failure(denied)).toMatchObject({
        _tag: "PortalError",
        reason: "Forbidden",
        code: 403,
        messageCode: "GWM_0003",
        operation: "Groups.delete",
        request: { method: "POST", path: rest(`community/groups/${groupId}/delete`) },
      })
      expect(scripted.requests.map((request) => ScriptedFetch.route(request))).toEqual([
        `community/groups/${groupId}/delete`,
      ])
    }),
  )
})
