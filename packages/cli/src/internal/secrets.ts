/**
 * Where a secret comes from — never the command line, so it never lands in shell history or `ps`: standard input
 * with `--password-stdin` (the whole input, one trailing newline dropped), an environment variable the user names
 * by choosing the sign-in method (`ARCGIS_PASSWORD`, `ARCGIS_API_KEY`, `ARCGIS_TOKEN`), or a prompt on the
 * terminal that echoes nothing. Each arrives `Redacted` and stays so.
 */

import { Prompt } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { usage } from "./errors.ts"

/** Reads all of standard input; drops one trailing newline (`echo "$PASSWORD" | …`). */
export const readStdin = Effect.tryPromise({
  try: async () => {
    const chunks: Array<Buffer> = []
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array))
    return Buffer.concat(chunks)
      .toString("utf8")
      .replace(/\r?\n$/, "")
  },
  catch: () => usage("cannot read standard input"),
})

/** What is read and how it is described to the user. */
export interface SecretRequest {
  /** `password`, `API key`, `token`. */
  readonly what: string
  /** The prompt's message. */
  readonly message: string
  /** `--password-stdin` was given. */
  readonly fromStdin: boolean
  /** The environment variable read when set. */
  readonly environmentVariable: string
  readonly stdinIsTerminal: boolean
}

/** The secret, from stdin, the environment or a prompt that does not echo; an empty secret is refused. */
export const read = (request: SecretRequest) =>
  Effect.gen(function* () {
    let value: string
    if (request.fromStdin) {
      value = yield* readStdin
    } else if ((process.env[request.environmentVariable] ?? "") !== "") {
      value = process.env[request.environmentVariable] ?? ""
    } else if (request.stdinIsTerminal) {
      const answer = yield* Prompt.run(Prompt.Hidden({ message: request.message })).pipe(
        Effect.mapError(() => usage(`no ${request.what} given`)),
      )
      value = Redacted.value(answer)
    } else {
      return yield* usage(
        `no ${request.what}: there is no terminal to ask on`,
        `Pipe it in with --password-stdin, or set ${request.environmentVariable}.`,
      )
    }
    if (value === "") return yield* usage(`the ${request.what} is empty`)
    return Redacted.make(value)
  })
