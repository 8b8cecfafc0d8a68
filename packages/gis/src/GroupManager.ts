/**
 * The groups of the portal — Python's `gis.groups` (`GroupManager`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 * @see arcgis.gis.GroupManager
 */
import { type GroupSchema, Groups } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { Group } from "./Group.ts"
import * as Args from "./internal/args.ts"
import { blobOf, defined, type FileArgument } from "./internal/inputs.ts"
import { iterate, run, type Session, sessionKey } from "./internal/session.ts"

/**
 * Options of {@link GroupManager.create} (Python's defaults: `public`, `avgRating`, `desc`).
 *
 * @see arcgis.gis.GroupManager.create
 */
export interface CreateOptions extends Omit<Groups.CreateOptions, "thumbnail"> {
  /** A `Blob`/`File`, or (Node) a path on disk. */
  readonly thumbnail?: FileArgument | undefined
}

/**
 * Options of {@link GroupManager.search}.
 *
 * @see arcgis.gis.GroupManager.search
 */
export interface SearchOptions {
  readonly query?: string | undefined
  /** Default `title`. */
  readonly sortField?: string | undefined
  /** Default `asc`. */
  readonly sortOrder?: "asc" | "desc" | undefined
  /** Default 1000 for `search`; unlimited for `searchAll`. */
  readonly maxGroups?: number | undefined
  readonly outsideOrg?: boolean | undefined
}

/**
 * The group manager.
 *
 * @see arcgis.gis.GroupManager
 */
export class GroupManager {
  readonly [sessionKey]: Session

  /** @internal Available as `gis.groups`. */
  constructor(session: Session) {
    this[sessionKey] = session
  }

  #run<A, E>(use: (groups: Groups.GroupsShape) => Effect.Effect<A, E>): Promise<A> {
    return run(this[sessionKey], Effect.flatMap(Groups.Groups, use))
  }

  #wrap(json: GroupSchema.Group): Group {
    return new Group(this[sessionKey], json)
  }

  /**
   * Creates a group owned by the caller.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/create-group.htm
   * @see arcgis.gis.GroupManager.create
   */
  create(options: CreateOptions): Promise<Group> {
    const session = this[sessionKey]
    return this.#run((groups) =>
      Effect.gen(function* () {
        yield* Args.check(
          "GroupManager.create",
          ["options", options, Args.record],
          ["title", options?.title, Args.string],
          ["thumbnail", options?.thumbnail, Args.optional(Args.file)],
        )
        const thumbnail = yield* blobOf(session, "GroupManager.create", "thumbnail", options.thumbnail)
        return yield* groups.create(defined({ ...options, thumbnail }))
      }),
    ).then((json) => this.#wrap(json))
  }

  /**
   * Creates a group from a dictionary of its properties (e.g. a group's JSON from another portal).
   *
   * @see arcgis.gis.GroupManager.create_from_dict
   */
  createFromDict(dict: { readonly [key: string]: unknown }): Promise<Group> {
    return this.#run((groups) =>
      Effect.andThen(Args.check("GroupManager.createFromDict", ["dict", dict, Args.record]), () =>
        groups.createFromDict(dict),
      ),
    ).then((json) => this.#wrap(json))
  }

  /**
   * A group, or `undefined` when it does not exist or is not visible to the caller.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
   * @see arcgis.gis.GroupManager.get
   */
  get(groupid: string): Promise<Group | undefined> {
    return this.#run((groups) =>
      Effect.andThen(Args.check("GroupManager.get", ["groupid", groupid, Args.string]), () => groups.get(groupid)),
    ).then((json) => (json === undefined ? undefined : this.#wrap(json)))
  }

  /**
   * Searches groups (at most `maxGroups`, default 1000).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group-search.htm
   * @see arcgis.gis.GroupManager.search
   */
  search(options: SearchOptions = {}): Promise<ReadonlyArray<Group>> {
    return this.#run((groups) =>
      Effect.andThen(Args.check("GroupManager.search", ["options", options, Args.record]), () =>
        groups.search(defined(options)),
      ),
    ).then((list) => list.map((json) => this.#wrap(json)))
  }

  /** Every group a search finds, fetched page by page as the loop asks for them. */
  searchAll(options: SearchOptions = {}): AsyncIterable<Group> {
    const { maxGroups, ...rest } = options
    return iterate(
      this[sessionKey],
      Stream.unwrap(
        Effect.map(Groups.Groups, (groups) =>
          Stream.map(groups.searchAll(defined({ ...rest, maxItems: maxGroups })), (json) => this.#wrap(json)),
        ),
      ),
    )
  }
}
