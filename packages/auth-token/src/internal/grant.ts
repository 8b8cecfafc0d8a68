/** The `expires` field of `generateToken` as the portal sends it: epoch milliseconds, sometimes as a string. */
import * as Schema from "effect/Schema"

export const Expires = Schema.Union([Schema.Number, Schema.NumberFromString])
