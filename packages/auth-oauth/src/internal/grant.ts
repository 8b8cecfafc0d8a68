/** What `oauth2/token` answers. */
import { AuthStrategy } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"

export const TokenResponse = Schema.Struct({
  access_token: Schema.String,
  /** Seconds. */
  expires_in: Schema.Number,
  username: Schema.optional(Schema.String),
  refresh_token: Schema.optional(Schema.String),
  /** Seconds. */
  refresh_token_expires_in: Schema.optional(Schema.Number),
  /** `true` when the org requires https: the token then only travels over https. */
  ssl: AuthStrategy.SslFlag,
})
export type TokenResponse = typeof TokenResponse.Type
