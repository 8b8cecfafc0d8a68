/**
 * An item of the portal — Python's `arcgis.gis.Item`. Its fields are read-only properties
 * (`item.title`, `item.id`; the whole JSON from `toJSON()`); Python properties that call the portal
 * are methods (`item.comments()`, `item.metadata()`); `item.resources` is its `ResourceManager`.
 * Every method but `resources`, `sharedWith` and the group-name look-up of `share`/`unshare` is
 * `ContentItem`'s, which `@arcgis-portal/gis/content` gives alone.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item.htm
 * @see arcgis.gis.Item
 */
import type { ItemSchema } from "@arcgis-portal/content"
import type { GroupArgument } from "./Arguments.ts"
import { ContentItem } from "./ContentItem.ts"
import type { AbortOptions } from "./Errors.ts"
import type { GisServices } from "./GisLayer.ts"
import { Group } from "./Group.ts"
import { resolveGroups } from "./internal/groups.ts"
import { cancel, run, type Session, sessionKey } from "./internal/session.ts"
import { sharedWith } from "./internal/shared-with.ts"
import { type ShareOptions, share, unshare } from "./internal/sharing.ts"
import { ResourceManager } from "./ResourceManager.ts"

/**
 * Whom an item is shared with, as {@link Item.sharedWith} reads it: Python's `Item.shared_with` dictionary
 * (`{"everyone": bool, "org": bool, "groups": [Group]}`) with the same keys.
 *
 * @see arcgis.gis.Item.shared_with
 */
export interface SharedWithResult {
  /** Shared with everyone (`access: "public"`). */
  readonly everyone: boolean
  /** Visible to the whole organization: shared with it, or with everyone, which includes it (as in Python). */
  readonly org: boolean
  /** The groups it is shared with that the caller can see; the portal leaves out the others. */
  readonly groups: ReadonlyArray<Group>
}

/**
 * An item (a unit of content) in the portal.
 *
 * @see arcgis.gis.Item
 * @example
 * const item = await gis.content.get("0123456789abcdef0123456789abcdef")
 * if (item) await item.share({ org: true, groups: ["Field crews"] })
 */
export class Item extends ContentItem {
  /** @internal The connection this object belongs to: a symbol key, so not in `Object.keys` or JSON. */
  declare readonly [sessionKey]: Session<GisServices>
  #resources: ResourceManager | undefined
  #resourcesOf: ItemSchema.Item | undefined

  /** @internal Items come from `gis.content` (`get`, `search`, `add`) and other listings. */
  // Declared to narrow the session to one with every service.
  constructor(session: Session<GisServices>, json: ItemSchema.Item) {
    super(session, json)
  }

  /**
   * The item's resource files.
   *
   * @see arcgis.gis.ResourceManager
   */
  get resources(): ResourceManager {
    // Made again when the item's JSON was refreshed (an update, a move).
    const json = this.toJSON()
    if (this.#resources === undefined || this.#resourcesOf !== json) {
      this.#resources = new ResourceManager(this[sessionKey], { id: json.id, owner: json.owner })
      this.#resourcesOf = json
    }
    return this.#resources
  }

  /**
   * Whom the item is shared with — everyone, the organization, which groups — read from the portal now (two
   * requests at once: the item and its groups), as Python re-reads the item for it. The item's own fields, `access`
   * included, are not refreshed.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/groups.htm
   * @see arcgis.gis.Item.shared_with
   * @example
   * await item.share({ org: true, groups: [crews] })
   * const { everyone, org, groups } = await item.sharedWith() // false, true, [crews]
   */
  sharedWith(): Promise<SharedWithResult> {
    const session = this[sessionKey]
    return run(session, sharedWith(this.toJSON())).then(({ everyone, org, groups }) => ({
      everyone,
      org,
      groups: groups.map((json) => new Group(session, json)),
    }))
  }

  /**
   * Shares the item with everyone, the organization and/or groups (ids, names or `Group`s; a name is looked up
   * as Python does, and one that matches no group or several is `InvalidInput`).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner-.htm
   * @see arcgis.gis.Item.share
   */
  override share(options: ShareOptions = {}): Promise<ItemSchema.ShareResult> {
    return run(this[sessionKey], share(this.toJSON(), options, resolveGroups), cancel("Item.share", options))
  }

  /**
   * Stops sharing the item with groups (ids, names or `Group`s, as for {@link Item.share}).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/unshare-item-as-item-owner-.htm
   * @see arcgis.gis.Item.unshare
   */
  override unshare(
    groups: string | ReadonlyArray<GroupArgument>,
    options: AbortOptions = {},
  ): Promise<ItemSchema.UnshareResult> {
    return run(this[sessionKey], unshare(this.toJSON(), groups, resolveGroups), cancel("Item.unshare", options))
  }
}
