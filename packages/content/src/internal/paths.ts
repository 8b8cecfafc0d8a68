/** URL paths of the content API, with every user-supplied segment encoded. */

/** What an owner-scoped operation needs to know about an item. */
export interface ItemRef {
  readonly id: string
  readonly owner: string
  readonly ownerFolder?: string | null | undefined
}

const segment = (value: string): string => encodeURIComponent(value)

/** `content/items/<id>`: the item as anyone who can see it addresses it. */
export const itemPath = (id: string): string => `content/items/${segment(id)}`

/** `content/users/<owner>[/<folderId>]`: a user's content, at the root or in one folder. */
export const userPath = (owner: string, folderId?: string | null | undefined): string =>
  `content/users/${segment(owner)}${folderId ? `/${segment(folderId)}` : ""}`

/** `content/users/<owner>[/<ownerFolder>]/items/<id>`: the owner's view, where owner operations hang. */
export const ownerItemPath = (item: ItemRef): string =>
  `${userPath(item.owner, item.ownerFolder)}/items/${segment(item.id)}`

/** `content/users/<owner>/items/<id>`: the folder-less owner view (upload parts, status). */
export const ownerRootItemPath = (item: ItemRef): string => `${userPath(item.owner)}/items/${segment(item.id)}`
