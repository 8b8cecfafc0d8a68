/**
 * The groups of the portal — Python's `gis.groups` (`GroupManager`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 * @see arcgis.gis.GroupManager
 */
import { CommonSchema } from "@arcgis-portal/core"
import { type GroupSchema, Groups } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { FileArgument } from "./Arguments.ts"
import type { GisServices } from "./GisLayer.ts"
import { Group } from "./Group.ts"
import * as Args from "./internal/args.ts"
import { searchArguments, searchOptionsOf } from "./internal/inputs.ts"
import * as Options from "./internal/options/groups.ts"
import { type Cancel, cancel, iterate, run, type Session, sessionKey } from "./internal/session.ts"

/**
 * The new group of {@link GroupManager.create}: Python's `title`, `tags` (both required), `description`, `snippet`,
 * `access`, `thumbnail`, `is_invitation_only`, `sort_field`, `sort_order`, `is_view_only`, `auto_join` and
 * `provider_group_name`, in camelCase, with Python's defaults (`access: "public"`, `sortField: "avgRating"`,
 * `sortOrder: "desc"`). The fields are those of the Effect face's `Groups.CreateOptions`; the thumbnail may also be
 * a path in Node.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-group.htm
 * @see arcgis.gis.GroupManager.create
 */
export interface GroupCreateOptions extends Omit<Groups.CreateOptions, "thumbnail"> {
  /** A `Blob`/`File`, or (Node) a path on disk. */
  readonly thumbnail?: FileArgument | undefined
}

/**
 * Options of {@link GroupManager.search} and {@link GroupManager.searchAll}: Python's `query`, `sort_field`,
 * `sort_order`, `max_groups` and `outside_org`, in camelCase — the Effect face's `Groups.SearchOptions` and
 * `maxGroups` — and a `signal` to stop the search. The query is usually the first argument
 * (`search("title:Crews", { maxGroups: 10 })`), as Python scripts pass it.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-search.htm
 * @see arcgis.gis.GroupManager.search
 */
export interface GroupSearchOptions extends Groups.SearchOptions {
  /** Default 1000 for `search`; unlimited for `searchAll`. */
  readonly maxGroups?: number | undefined
  /** Aborts the search (every page of it): the call rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * The group manager.
 *
 * @see arcgis.gis.GroupManager
 */
export class GroupManager {
  /** @internal The connection this object belongs to: a symbol key, so not in `Object.keys` or JSON. */
  readonly [sessionKey]: Session<GisServices>

  /** @internal Available as `gis.groups`. */
  constructor(session: Session<GisServices>) {
    this[sessionKey] = session
  }

  #run<A, E>(use: (groups: Groups.GroupsShape) => Effect.Effect<A, E>, how?: Cancel): Promise<A> {
    return run(this[sessionKey], Effect.flatMap(Groups.Groups, use), how)
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
  create(options: GroupCreateOptions): Promise<Group> {
    return this.#run((groups) =>
      Effect.flatMap(Options.create(this[sessionKey], options), (create) => groups.create(create)),
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
   * A group, or `undefined` when it does not exist or is not visible to the caller — also for a string that cannot
   * be a group id (Python gets `None` from the portal for it; nothing is sent here).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
   * @see arcgis.gis.GroupManager.get
   */
  get(groupid: string): Promise<Group | undefined> {
    return this.#run((groups) =>
      Effect.andThen(Args.check("GroupManager.get", ["groupid", groupid, Args.string]), () =>
        CommonSchema.isGroupId(groupid) ? groups.get(groupid) : Effect.succeed(undefined),
      ),
    ).then((json) => (json === undefined ? undefined : this.#wrap(json)))
  }

  /**
   * Searches groups (at most `maxGroups`, default 1000): `search("title:Crews", { maxGroups })` as Python's
   * positional query, or `search({ query, ... })`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group-search.htm
   * @see arcgis.gis.GroupManager.search
   */
  search(query?: string, options?: Omit<GroupSearchOptions, "query">): Promise<ReadonlyArray<Group>>
  search(options: GroupSearchOptions): Promise<ReadonlyArray<Group>>
  search(
    query?: string | GroupSearchOptions,
    options?: Omit<GroupSearchOptions, "query">,
  ): Promise<ReadonlyArray<Group>> {
    return this.#run(
      (groups) =>
        Effect.flatMap(searchArguments("GroupManager.search", query, options), (search) =>
          groups.search(Options.search(search)),
        ),
      cancel("GroupManager.search", searchOptionsOf(query, options)),
    ).then((list) => list.map((json) => this.#wrap(json)))
  }

  /** Every group a search finds, fetched page by page as the loop asks for them (arguments as `search`). */
  searchAll(query?: string, options?: Omit<GroupSearchOptions, "query">): AsyncIterable<Group>
  searchAll(options: GroupSearchOptions): AsyncIterable<Group>
  searchAll(query?: string | GroupSearchOptions, options?: Omit<GroupSearchOptions, "query">): AsyncIterable<Group> {
    return iterate(
      this[sessionKey],
      Stream.unwrap(
        Effect.flatMap(searchArguments("GroupManager.searchAll", query, options), (search) =>
          Effect.map(Groups.Groups, (groups) =>
            Stream.map(groups.searchAll(Options.searchAll(search)), (json) => this.#wrap(json)),
          ),
        ),
      ),
      cancel("GroupManager.searchAll", searchOptionsOf(query, options)),
    )
  }
}
