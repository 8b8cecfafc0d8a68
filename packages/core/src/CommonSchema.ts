/**
 * Identifiers and value types shared by every feature package: item, group and folder ids,
 * usernames, access levels and the portal's epoch-millisecond timestamps.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/common-parameters.htm
 * @module
 */
import * as Schema from "effect/Schema"

const hex32 = /^[0-9a-f]{32}$/

/** An item id: 32 lowercase hexadecimal characters. */
export const ItemId = Schema.String.check(Schema.isPattern(hex32)).pipe(Schema.brand("ItemId"))
export type ItemId = typeof ItemId.Type

/** A group id: 32 lowercase hexadecimal characters. */
export const GroupId = Schema.String.check(Schema.isPattern(hex32)).pipe(Schema.brand("GroupId"))
export type GroupId = typeof GroupId.Type

/** A folder id: 32 lowercase hexadecimal characters. */
export const FolderId = Schema.String.check(Schema.isPattern(hex32)).pipe(Schema.brand("FolderId"))
export type FolderId = typeof FolderId.Type

const usernamePattern = /^[A-Za-z0-9_@.-]{1,128}$/

/**
 * A username. Portal usernames are case-sensitive and made of letters, digits and `_ @ - .`
 * (older orgs: 6–24 characters; identity-provider users may be longer, so only the character set
 * and a generous bound are enforced here).
 */
export const Username = Schema.String.check(Schema.isPattern(usernamePattern)).pipe(Schema.brand("Username"))
export type Username = typeof Username.Type

/** A role id: the built-in keys (`org_admin`…) or a 16-character custom role id. */
export const RoleId = Schema.String.check(Schema.isPattern(/^[A-Za-z0-9_]{1,64}$/)).pipe(Schema.brand("RoleId"))
export type RoleId = typeof RoleId.Type

/** Who may see an item, group or profile. */
export const Access = Schema.Literals(["private", "shared", "org", "public"])
export type Access = typeof Access.Type

/** A timestamp as the portal sends it: integer milliseconds since the Unix epoch. */
export const EpochMillis = Schema.Number.check(Schema.isFinite())
export type EpochMillis = typeof EpochMillis.Type

/**
 * A struct that keeps the fields it does not declare, so that a field a newer portal adds never
 * breaks a decode and never disappears from what a user receives.
 */
export const open = <const Fields extends Schema.Struct.Fields>(fields: Fields) =>
  Schema.StructWithRest(Schema.Struct(fields), [Schema.Record(Schema.String, Schema.Unknown)])

/** A field the portal may leave out or send as `null`. */
export const optionalNullable = <S extends Schema.Top>(schema: S) => Schema.optional(Schema.NullOr(schema))

/**
 * A folder of a user's content (one level only).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
 */
export const Folder = open({
  id: Schema.String,
  title: Schema.String,
  username: Schema.optional(Schema.String),
  created: Schema.optional(EpochMillis),
})
export type Folder = typeof Folder.Type

/**
 * A user's content — the items of the root (or of one folder) and the folders — with the item shape the
 * calling package decodes (content: the full item; users-groups-roles: a summary).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
 */
export const userContent = <S extends Schema.Top>(item: S) =>
  open({
    username: Schema.optional(Schema.String),
    total: Schema.optional(Schema.Number),
    start: Schema.optional(Schema.Number),
    num: Schema.optional(Schema.Number),
    nextStart: Schema.optional(Schema.Number),
    currentFolder: optionalNullable(Folder),
    items: Schema.optional(Schema.Array(item)),
    folders: Schema.optional(Schema.Array(Folder)),
  })

/** `true` when `value` is a well-formed item id (32 lowercase hexadecimal characters). */
export const isItemId = (value: string): value is ItemId => hex32.test(value)

/**
 * `true` when `value` is a well-formed group id (32 lowercase hexadecimal characters): the one rule every package
 * checks a group id against before it reaches a URL or a `groups` parameter.
 */
export const isGroupId = (value: unknown): value is GroupId => typeof value === "string" && hex32.test(value)

/**
 * `true` when `value` can be a username ({@link Username}'s characters, 1 to 128 of them) that is safe as a URL path
 * segment (not `.` or `..`): the one rule every package checks a username against before sending it.
 */
export const isUsername = (value: unknown): value is Username =>
  typeof value === "string" && usernamePattern.test(value) && value !== "." && value !== ".."

/**
 * The parts of `portals/self` every service needs: the org id (search filter), whether this is ArcGIS Enterprise
 * (`isPortal: true`, which takes a client-chosen `itemIdToCreate` on addItem) and the signed-in user. Open: the
 * rest of the answer is kept.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/portal-self.htm
 */
export const PortalSelf = open({
  id: Schema.optional(Schema.NullOr(Schema.String)),
  isPortal: Schema.optional(Schema.Boolean),
  // Some portals answer an anonymous caller with `user: {}` or a user without `username`: that is anonymous.
  user: Schema.optional(Schema.NullOr(open({ username: Schema.optional(Schema.NullOr(Schema.String)) }))),
})
export type PortalSelf = typeof PortalSelf.Type
