/**
 * A minimal built-in-user strategy (generateToken with username and password) for the walking
 * skeleton. The full one, with profiles, ships in @arcgis-portal/auth-token.
 */
import { type AuthStrategy, PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

const TokenResponse = Schema.Struct({ token: Schema.String, expires: Schema.Number })

export const builtInUser = (options: {
  readonly username: string
  readonly password: Redacted.Redacted<string>
}): AuthStrategy.AuthStrategy => ({
  name: "builtInUser",
  acquire: (context) =>
    Effect.flatMap(
      context.send({
        operation: "Demo.generateToken",
        method: "POST",
        path: "generateToken",
        params: {
          username: options.username,
          password: options.password,
          client: "referer",
          referer: "arcgis-portal-demo",
        },
        credentials: "none",
      }),
      (body) =>
        Schema.decodeUnknownEffect(TokenResponse)(body).pipe(
          Effect.map((grant) => ({
            token: Redacted.make(grant.token),
            expires: grant.expires,
            username: options.username,
          })),
          Effect.mapError(
            () =>
              new PortalError.DecodeError({
                operation: "Demo.generateToken",
                request: { method: "POST", path: "generateToken" },
                message: "generateToken answered without a token.",
              }),
          ),
        ),
    ),
})
