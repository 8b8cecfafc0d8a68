/** The demo tour: who is signed in where, and a few of their items. Later issues extend it. */
import { Content, Items, type Job } from "@arcgis-portal/content"
import { type AuthStrategy, CommonSchema, Portal, PortalError, Transport } from "@arcgis-portal/core"
import { type DatastoreError, Datastores } from "@arcgis-portal/datastores"
import { Resources } from "@arcgis-portal/resources"
import { Groups, Roles, Users } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { type AdminTourResult, adminTour } from "./AdminTour.ts"
import { type ContentTourResult, contentTour } from "./ContentTour.ts"
import { type DatastoreTourResult, datastoreTour, type ResourcesTourResult, resourcesTour } from "./DataTour.ts"

const Self = CommonSchema.open({
  name: Schema.optional(Schema.String),
  portalName: Schema.optional(Schema.String),
  user: Schema.optional(
    CommonSchema.open({
      username: Schema.String,
      fullName: Schema.optional(Schema.String),
      role: Schema.optional(Schema.String),
    }),
  ),
})
const Item = CommonSchema.open({
  id: Schema.String,
  title: Schema.String,
  type: Schema.String,
  access: Schema.optional(Schema.String),
})
const Folder = CommonSchema.open({ id: Schema.String, title: Schema.String })
const UserContent = CommonSchema.open({
  total: Schema.optional(Schema.Number),
  items: Schema.Array(Item),
  folders: Schema.optional(Schema.Array(Folder)),
})

export interface TourOptions {
  readonly url: string
  /** How the tour signs in (`--auth`): any AuthStrategy. */
  readonly auth: AuthStrategy.AuthStrategy
  readonly log: (line: string) => void
  /** Run the chapters that change content (on by default). */
  readonly writes?: boolean | undefined
  /** How an administrator signs in, for the administration and datastores chapters (the emulator's admin). */
  readonly admin?: { readonly username: string; readonly auth: AuthStrategy.AuthStrategy } | undefined
  /** A folder on the server's machine to register as a data store (the emulator's: any local folder). */
  readonly datastoreFolder?: string | undefined
}

export interface TourResult {
  readonly portal: string | undefined
  readonly username: string | undefined
  readonly items: ReadonlyArray<string>
  readonly content: ContentTourResult | undefined
  readonly admin: AdminTourResult | undefined
  readonly datastore: DatastoreTourResult | undefined
  readonly resources: ResourcesTourResult | undefined
}

export const tour = (
  options: TourOptions,
): Effect.Effect<TourResult, PortalError.PortalFailure | Job.JobFailed | DatastoreError.DatastoresFailure> =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    const self = yield* transport.decode({ operation: "Demo.portalSelf", method: "GET", path: "portals/self" }, Self)
    options.log(`Portal:    ${self.name ?? self.portalName ?? "(unnamed)"}`)
    const user = self.user
    if (user === undefined) {
      return yield* new PortalError.InvalidInput({
        operation: "Demo.tour",
        field: "auth",
        message: "The tour needs a signed-in user; the portal says nobody is signed in.",
      })
    }
    const username = user.username
    options.log(
      `Signed in: ${username}${user.fullName ? ` (${user.fullName})` : ""}${user.role ? `, ${user.role}` : ""}`,
    )
    const root = yield* transport.decode(
      {
        operation: "Demo.userContent",
        method: "GET",
        path: `content/users/${encodeURIComponent(username)}`,
        params: { num: 5 },
      },
      UserContent,
    )
    const items = [...root.items]
    for (const folder of root.folders ?? []) {
      if (items.length >= 5) break
      const inFolder = yield* transport.decode(
        {
          operation: "Demo.folderContent",
          method: "GET",
          path: `content/users/${encodeURIComponent(username)}/${folder.id}`,
          params: { num: 5 },
        },
        UserContent,
      )
      items.push(...inFolder.items)
    }
    options.log(`Items (${Math.min(items.length, 5)} shown):`)
    for (const item of items.slice(0, 5))
      options.log(`  - ${item.title} [${item.type}] ${item.access ?? ""} ${item.id}`)
    let content: ContentTourResult | undefined
    if (options.writes !== false) {
      options.log("")
      options.log("Content:")
      content = yield* contentTour({ username, log: (line) => options.log(`  ${line}`) })
    }
    let resources: ResourcesTourResult | undefined
    if (options.writes !== false) {
      options.log("")
      options.log("Resources:")
      resources = yield* resourcesTour({ log: (line) => options.log(`  ${line}`) }).pipe(
        Effect.provide(Resources.layer()),
      )
    }
    let admin: AdminTourResult | undefined
    const administrator = options.admin
    if (options.writes !== false && administrator !== undefined) {
      options.log("")
      options.log(`Administration (as ${administrator.username}):`)
      admin = yield* adminTour({ log: (line) => options.log(`  ${line}`) }).pipe(
        Effect.provide(
          Layer.mergeAll(Users.layer, Groups.layer, Roles.layer).pipe(
            Layer.provide(Portal.layer({ url: options.url, auth: administrator.auth })),
          ),
        ),
      )
    }
    const folder = options.datastoreFolder
    let datastore: DatastoreTourResult | undefined
    if (options.writes !== false && administrator !== undefined && folder !== undefined) {
      options.log("")
      options.log("Datastores:")
      datastore = yield* datastoreTour({ serverPath: folder, log: (line) => options.log(`  ${line}`) }).pipe(
        Effect.provide(
          Datastores.layer().pipe(Layer.provide(Portal.layer({ url: options.url, auth: administrator.auth }))),
        ),
      )
    }
    return {
      portal: self.name,
      username,
      items: items.slice(0, 5).map((item) => item.title),
      content,
      admin,
      datastore,
      resources,
    }
  }).pipe(
    Effect.provide(
      Layer.mergeAll(Content.layer, Items.layer).pipe(
        Layer.provideMerge(Portal.layer({ url: options.url, auth: options.auth })),
      ),
    ),
  )
