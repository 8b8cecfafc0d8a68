/**
 * A built-in-user sign-in for tests against a running portal (the emulator), for packages that stand on core alone
 * and so cannot use `@arcgis-portal/auth-token`'s `builtInUser`: `generateToken` with the password kept `Redacted`.
 * Its failures are defects (`Effect.orDie`): a test that cannot sign in is broken, not a case to handle.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { AuthStrategy } from "../AuthStrategy.ts"

/** A username and its password, as the emulator's `accounts` give them. */
export interface Account {
  readonly username: string
  readonly password: string
}

/** How {@link generateToken} asks for its token. */
export interface Options {
  /**
   * Binds the token to this referer (`client: "referer"`), as a browser app's token is. Without it the token is
   * unbound.
   */
  readonly referer?: string | undefined
  /**
   * `false` drops the portal's `expires`, so the session renews only when the portal answers 498 (tests of the
   * renewal path). Default `true`.
   */
  readonly trustExpiry?: boolean | undefined
  /** The strategy's name in spans and errors. Default `"integration-builtInUser"`. */
  readonly name?: string | undefined
}

const Grant = Schema.Struct({ token: Schema.String, expires: Schema.optional(Schema.Number) })

/**
 * An `AuthStrategy` that signs `account` in with `generateToken`.
 *
 * @example
 * ```ts
 * Portal.layer({ url: emulator.url, auth: SignIn.generateToken(emulator.accounts.publisher, { referer: "tests" }) })
 * ```
 * @see https://developers.arcgis.com/rest/users-groups-and-items/generate-token/
 */
export const generateToken = (account: Account, options: Options = {}): AuthStrategy => ({
  name: options.name ?? "integration-builtInUser",
  acquire: (context) =>
    Effect.flatMap(
      context.send({
        operation: "Test.generateToken",
        method: "POST",
        path: "generateToken",
        params: {
          username: account.username,
          password: Redacted.make(account.password),
          ...(options.referer === undefined ? {} : { client: "referer", referer: options.referer }),
        },
      }),
      (body) =>
        Effect.map(Schema.decodeUnknownEffect(Grant)(body), (grant) => ({
          token: Redacted.make(grant.token),
          expires: options.trustExpiry === false ? undefined : grant.expires,
        })),
    ).pipe(Effect.orDie),
})
