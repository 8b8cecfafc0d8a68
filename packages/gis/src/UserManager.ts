/**
 * The users of the portal — Python's `gis.users` (`UserManager`); `gis.users.roles` is the
 * `RoleManager`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
 * @see arcgis.gis.UserManager
 */
import { CommonSchema } from "@arcgis-portal/core"
import { type UserSchema, Users } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import type { FileArgument } from "./Arguments.ts"
import type { GisServices } from "./GisLayer.ts"
import * as Args from "./internal/args.ts"
import { searchArguments, searchOptionsOf, secret } from "./internal/inputs.ts"
import * as Options from "./internal/options/users.ts"
import { type Cancel, cancel, iterate, run, type Session, sessionKey } from "./internal/session.ts"
import { RoleManager } from "./RoleManager.ts"
import { User } from "./User.ts"

/**
 * The new account of {@link UserManager.create}: Python's `username`, `password`, `firstname`, `lastname`, `email`
 * (required but for the password), `description`, `role`, `provider`, `idp_username`, `level`, `thumbnail` and
 * `user_type`, in camelCase — the fields of the Effect face's `Users.CreateOptions`, with `userType` for its
 * `userLicenseTypeId`, the password also as a string and the thumbnail also as a path in Node.
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/portal/create-user
 * @see arcgis.gis.UserManager.create
 */
export interface UserCreateOptions
  extends Omit<Users.CreateOptions, "password" | "userLicenseTypeId" | "thumbnail" | "subject" | "html"> {
  /** Required for built-in accounts on Enterprise; sent only in a POST body. A string or a `Redacted`. */
  readonly password?: string | Redacted.Redacted<string> | undefined
  /**
   * The user type (license) — Python's `user_type`: `creatorUT`, `viewerUT`, `editorUT`, `fieldWorkerUT`,
   * `GISProfessionalStdUT`… Sent as `userLicenseTypeId` on Enterprise (newer releases require it) and as the
   * invitation's `userLicenseType` on ArcGIS Online. The type must allow the role (`viewerUT` only the Viewer role).
   */
  readonly userType?: string | undefined
  /** A `Blob`/`File`, or (Node) a path on disk. */
  readonly thumbnail?: FileArgument | undefined
}

/**
 * Options of {@link UserManager.search} and {@link UserManager.searchAll}: Python's `query`, `sort_field`,
 * `sort_order`, `max_users` and `outside_org`, in camelCase — the Effect face's `Users.SearchOptions` and `maxUsers`
 * — and a `signal` to stop the search. The query is usually the first argument (`search("username:j*", { maxUsers:
 * 10 })`), as Python scripts pass it.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-search.htm
 * @see arcgis.gis.UserManager.search
 */
export interface UserSearchOptions extends Users.SearchOptions {
  /** Default 100 for `search`; unlimited for `searchAll`. */
  readonly maxUsers?: number | undefined
  /** Aborts the search (every page of it): the call rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * The user manager.
 *
 * @see arcgis.gis.UserManager
 */
export class UserManager {
  /** @internal The connection this object belongs to: a symbol key, so not in `Object.keys` or JSON. */
  readonly [sessionKey]: Session<GisServices>
  /**
   * The organization's custom roles.
   *
   * @see arcgis.gis.UserManager.roles
   */
  readonly roles: RoleManager

  /** @internal Available as `gis.users`. */
  constructor(session: Session<GisServices>) {
    this[sessionKey] = session
    this.roles = new RoleManager(session)
  }

  #run<A, E>(use: (users: Users.UsersShape) => Effect.Effect<A, E>, how?: Cancel): Promise<A> {
    return run(this[sessionKey], Effect.flatMap(Users.Users, use), how)
  }

  #wrap(json: UserSchema.User): User {
    return new User(this[sessionKey], json)
  }

  #wrapMaybe = (json: UserSchema.User | undefined): User | undefined =>
    json === undefined ? undefined : this.#wrap(json)

  /**
   * Creates a user (org administrators): Enterprise's `createUser`, ArcGIS Online's invitation. Resolves with the
   * new user, or `undefined` when the portal invited a user whose account does not exist yet; a portal that
   * neither creates nor invites the user rejects with `PortalError` (`InvalidRequest`).
   *
   * @see https://developers.arcgis.com/rest/enterprise-administration/portal/create-user
   * @see arcgis.gis.UserManager.create
   */
  create(options: UserCreateOptions): Promise<User | undefined> {
    return this.#run((users) =>
      Effect.flatMap(Options.create(this[sessionKey], options), (create) => users.create(create)),
    ).then(this.#wrapMaybe)
  }

  /**
   * A user, or `undefined` when it does not exist or is not visible to the caller — also for a string that cannot
   * be a username (Python gets `None` from the portal for it; nothing is sent here).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
   * @see arcgis.gis.UserManager.get
   */
  get(username: string): Promise<User | undefined> {
    return this.#run((users) =>
      Effect.andThen(Args.check("UserManager.get", ["username", username, Args.string]), () =>
        CommonSchema.isUsername(username) ? users.get(username) : Effect.succeed(undefined),
      ),
    ).then(this.#wrapMaybe)
  }

  /**
   * The signed-in user, or `undefined` when anonymous.
   *
   * @see arcgis.gis.UserManager.me
   */
  me(): Promise<User | undefined> {
    return this.#run((users) => users.me()).then(this.#wrapMaybe)
  }

  /**
   * Searches users (at most `maxUsers`, default 100): `search("username:j*", { maxUsers })` as Python's positional
   * query, or `search({ query, ... })`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user-search.htm
   * @see arcgis.gis.UserManager.search
   */
  search(query?: string, options?: Omit<UserSearchOptions, "query">): Promise<ReadonlyArray<User>>
  search(options: UserSearchOptions): Promise<ReadonlyArray<User>>
  search(query?: string | UserSearchOptions, options?: Omit<UserSearchOptions, "query">): Promise<ReadonlyArray<User>> {
    return this.#run(
      (users) =>
        Effect.flatMap(searchArguments("UserManager.search", query, options), (search) =>
          users.search(Options.search(search)),
        ),
      cancel("UserManager.search", searchOptionsOf(query, options)),
    ).then((list) => list.map((json) => this.#wrap(json)))
  }

  /** Every user a search finds, fetched page by page as the loop asks for them (arguments as `search`). */
  searchAll(query?: string, options?: Omit<UserSearchOptions, "query">): AsyncIterable<User>
  searchAll(options: UserSearchOptions): AsyncIterable<User>
  searchAll(query?: string | UserSearchOptions, options?: Omit<UserSearchOptions, "query">): AsyncIterable<User> {
    return iterate(
      this[sessionKey],
      Stream.unwrap(
        Effect.flatMap(searchArguments("UserManager.searchAll", query, options), (search) =>
          Effect.map(Users.Users, (users) =>
            Stream.map(users.searchAll(Options.searchAll(search)), (json) => this.#wrap(json)),
          ),
        ),
      ),
      cancel("UserManager.searchAll", searchOptionsOf(query, options)),
    )
  }

  /**
   * Self sign-up on a portal that allows it; resolves, as Python, with the new `User` (read back when the caller
   * may see it, else made from what was signed up) or `undefined` when the portal did not accept it.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/signup.htm
   * @see arcgis.gis.UserManager.signup
   */
  signup(options: {
    readonly username: string
    readonly password: string | Redacted.Redacted<string>
    readonly fullname: string
    readonly email: string
  }): Promise<User | undefined> {
    return this.#run((users) =>
      Effect.gen(function* () {
        yield* Args.check(
          "UserManager.signup",
          ["options", options, Args.record],
          ["username", options?.username, Args.string],
          ["password", options?.password, Args.secret],
          ["fullname", options?.fullname, Args.string],
          ["email", options?.email, Args.string],
        )
        const accepted = yield* users.signup({ ...options, password: secret(options.password) })
        if (!accepted) return undefined
        // The new account may be private to its owner: Python's lazy `User(gis, username)` has just the name.
        const fresh = yield* Effect.catch(users.get(options.username), () => Effect.succeed(undefined))
        return (
          fresh ?? ({ username: options.username, fullName: options.fullname, email: options.email } as UserSchema.User)
        )
      }),
    ).then(this.#wrapMaybe)
  }
}
