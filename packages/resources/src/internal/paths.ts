/** URL paths of the resources API, relative to the REST root. */

/** `content/users/<owner>/items/<id>`: where an item's resources are written. */
export const ownerItemPath = (owner: string, id: string): string =>
  `content/users/${encodeURIComponent(owner)}/items/${id}`

/** `content/items/<id>/resources[/<path>]`: where they are read (each segment encoded). */
export const resourcesPath = (id: string, resource?: string): string =>
  resource === undefined
    ? `content/items/${id}/resources`
    : `content/items/${id}/resources/${resource.split("/").map(encodeURIComponent).join("/")}`
