/**
 * A user's and `gis.users`' arguments as the `Users` service takes them: for each method, the checks of the
 * JavaScript shapes of its arguments (`Args.check` refuses the first wrong one with `InvalidInput`, before anything
 * is sent) and the mapping of Python's names (`userType`, `maxUsers`, secrets as strings, a thumbnail path) onto the
 * service's options. `groups.ts` does the same for groups, `content.ts` and `items.ts` for content.
 */
import type { PortalError } from "@arcgis-portal/core"
import type { Users } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type { UserItemsOptions, UserResetOptions, UserUpdateOptions } from "../../User.ts"
import type { UserCreateOptions, UserSearchOptions } from "../../UserManager.ts"
import * as Args from "../args.ts"
import { blobOf, defined, secret } from "../inputs.ts"
import type { Session } from "../session.ts"

type Checked<A> = Effect.Effect<A, PortalError.InvalidInput>

/** `gis.users.create(options)`, checked: Python's `user_type` as `userLicenseTypeId`, the password kept secret. */
export const create = (session: Session, options: UserCreateOptions): Checked<Users.CreateOptions> =>
  Effect.gen(function* () {
    yield* Args.check(
      "UserManager.create",
      ["options", options, Args.record],
      ["username", options?.username, Args.string],
      ["password", options?.password, Args.optional(Args.secret)],
      ["firstname", options?.firstname, Args.string],
      ["lastname", options?.lastname, Args.string],
      ["email", options?.email, Args.string],
      ["description", options?.description, Args.optional(Args.string)],
      ["role", options?.role, Args.optional(Args.string)],
      ["provider", options?.provider, Args.optional(Args.string)],
      ["idpUsername", options?.idpUsername, Args.optional(Args.string)],
      ["level", options?.level, Args.optional(Args.number)],
      ["userType", options?.userType, Args.optional(Args.string)],
      ["thumbnail", options?.thumbnail, Args.optional(Args.file)],
    )
    const { userType, ...account } = options
    const thumbnail = yield* blobOf(session, "UserManager.create", "thumbnail", account.thumbnail)
    return defined({
      ...account,
      password: optionalSecret(account.password),
      // Only when given: a `userLicenseTypeId` passed straight through (as scripts did before `userType`) stays.
      ...(userType === undefined ? {} : { userLicenseTypeId: userType }),
      thumbnail,
    })
  })

const optionalSecret = (value: string | Redacted.Redacted<string> | undefined) =>
  value === undefined ? undefined : secret(value)

/** The checks of `user.reset(password, options)`. */
export const resetChecks = (password: unknown, options: UserResetOptions): ReadonlyArray<Args.Check> => [
  ["password", password, Args.secret],
  ["options", options, Args.record],
  ["newPassword", options?.newPassword, Args.optional(Args.secret)],
  ["newSecurityQuestion", options?.newSecurityQuestion, Args.optional(Args.number)],
  ["newSecurityAnswer", options?.newSecurityAnswer, Args.optional(Args.secret)],
]

/** `user.reset(password, options)`: every secret kept secret (`Redacted`). */
export const reset = (password: string | Redacted.Redacted<string>, options: UserResetOptions): Users.ResetOptions =>
  defined({
    password: secret(password),
    newPassword: optionalSecret(options.newPassword),
    newSecurityQuestion: options.newSecurityQuestion,
    newSecurityAnswer: optionalSecret(options.newSecurityAnswer),
  })

/** The checks of `user.update(options)`. */
export const updateChecks = (options: UserUpdateOptions): ReadonlyArray<Args.Check> => [
  ["options", options, Args.record],
  ["access", options?.access, Args.optional(Args.string)],
  ["description", options?.description, Args.optional(Args.string)],
  ["tags", options?.tags, Args.optional(Args.oneOf(Args.string, Args.list(Args.string)))],
  ["fullname", options?.fullname, Args.optional(Args.string)],
  ["email", options?.email, Args.optional(Args.string)],
  ["culture", options?.culture, Args.optional(Args.string)],
  ["region", options?.region, Args.optional(Args.string)],
  ["thumbnail", options?.thumbnail, Args.optional(Args.file)],
]

/** The checks of `user.items`/`itemsAll(options)`. */
export const itemsChecks = (options: UserItemsOptions): ReadonlyArray<Args.Check> => [
  ["options", options, Args.record],
  ["folder", options?.folder, Args.optional(Args.stringOr("id"))],
  ["maxItems", options?.maxItems, Args.optional(Args.number)],
]

/** `user.items`/`itemsAll(options)`: the service's options, without `signal`. */
export const items = ({ signal: _signal, ...rest }: UserItemsOptions): Users.ItemsOptions => defined(rest)

/** `gis.users.search(query, options)`: the service's options, without `signal`. */
export const search = ({ signal: _signal, ...search }: UserSearchOptions) => defined(search)

/** `gis.users.searchAll(query, options)`: Python's `max_users` as `maxItems`, without `signal`. */
export const searchAll = ({ maxUsers, signal: _signal, ...rest }: UserSearchOptions) =>
  defined({ ...rest, maxItems: maxUsers })
