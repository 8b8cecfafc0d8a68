/** The implementation of `datastores list|validate|add-folder`. */
import type { DatastoreError } from "@arcgis-portal/datastores"
import { Datastore, type DatastoreSchema, Datastores } from "@arcgis-portal/datastores"
import type { Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { addFolderConfig, listConfig, validateConfig } from "../commands/datastores.ts"
import { withPortal } from "../connection.ts"
import { CliFailure, failed } from "../errors.ts"
import { Output } from "../output.ts"

/** What these commands fail with besides the CLI's own failures (named here for the declarations tsc emits). */
export type Failure = DatastoreError.DatastoresFailure

/** The datastore services for `--server`, over the portal's connection. */
const layerFor = (server: Option.Option<string>) =>
  Datastores.layer(Option.isSome(server) ? { server: server.value } : {})

const columns = [
  { header: "path", value: (item: DatastoreSchema.DataItem) => item.path, max: 50 },
  { header: "type", value: (item: DatastoreSchema.DataItem) => item.type ?? "" },
  {
    header: "location",
    value: (item: DatastoreSchema.DataItem) => String((item.info as { path?: unknown } | null | undefined)?.path ?? ""),
    max: 50,
  },
]

export const list = (input: Command.Command.Config.Infer<typeof listConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(Layer.empty, () =>
      Effect.gen(function* () {
        const datastores = yield* Datastores.Datastores
        const found = yield* datastores.search(Option.isSome(input.type) ? { types: [input.type.value] } : {})
        yield* output.list(Stream.fromIterable(found), { columns, json: (item) => item })
      }).pipe(Effect.provide(layerFor(input.server))),
    )
  })

export const validate = (input: Command.Command.Config.Infer<typeof validateConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(Layer.empty, () =>
      Effect.gen(function* () {
        const datastores = yield* Datastores.Datastores
        const datastore = yield* Datastore.Datastore
        if (Option.isSome(input.path)) {
          const item = yield* datastores.get(input.path.value)
          if (item === undefined) return yield* failed(`no data store at ${input.path.value}`)
          const valid = yield* datastore.validate(item)
          yield* output.done(`${item.path}: ${valid ? "valid" : "NOT valid"}`, { path: item.path, valid })
          if (!valid) return yield* new CliFailure({ message: "not valid", exitCode: 1, reported: true })
          return
        }
        const valid = yield* datastores.validate()
        yield* output.done(valid ? "Every data store is valid" : "Some data stores are NOT valid", { valid })
        if (!valid) return yield* new CliFailure({ message: "not valid", exitCode: 1, reported: true })
      }).pipe(Effect.provide(layerFor(input.server))),
    )
  })

export const addFolder = (input: Command.Command.Config.Infer<typeof addFolderConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(Layer.empty, () =>
      Effect.gen(function* () {
        const datastores = yield* Datastores.Datastores
        const registered = yield* datastores.addFolder(
          input.name,
          input.serverPath,
          Option.getOrUndefined(input.clientPath),
        )
        yield* output.done(
          registered.status === "exists"
            ? `${registered.path} was already registered`
            : `Registered ${registered.path} (${input.serverPath})`,
          registered,
        )
      }).pipe(Effect.provide(layerFor(input.server))),
    )
  })
