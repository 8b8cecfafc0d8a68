/**
 * Pieces the command definitions share: the `--yes`, `--dry-run` and `--concurrency` flags, confirmation, and `load`,
 * which runs a command's implementation from a module loaded on first use — once `--portal` has passed the rule of
 * `portal-url.ts`. Nothing here loads the SDK: the whole tree is parsed with only the definitions loaded, and a
 * command loads only the packages it uses.
 */
import { type Command, Flag, Prompt } from "effect/cli"
import * as Effect from "effect/Effect"
import { failed, usage } from "../errors.ts"
import { Output } from "../output.ts"
import * as PortalUrls from "../portal-url.ts"

/** `--yes`: do it without asking. */
export const yes = Flag.Boolean("yes").pipe(
  Flag.withAlias("y"),
  Flag.withDescription("Do it without asking (required when there is no terminal to ask on)"),
  Flag.withDefault(false),
)

/** `--dry-run`: show what would be done, change nothing. */
export const dryRun = Flag.Boolean("dry-run").pipe(
  Flag.withDescription("Show what would be done and change nothing"),
  Flag.withDefault(false),
)

/** `--concurrency <n>`: requests in flight at once. */
export const concurrency = (fallback: number) =>
  Flag.Int("concurrency").pipe(
    Flag.withDescription(`Requests in flight at once (1–16, default ${fallback})`),
    Flag.withDefault(fallback),
    Flag.filter(
      (value) => value >= 1 && value <= 16,
      (value) => `--concurrency must be from 1 to 16, not ${value}`,
    ),
  )

/**
 * Asks before a change that cannot be undone. `--yes` skips the question; with no terminal to ask on and no
 * `--yes`, nothing is done (exit code 2).
 */
export const confirm = (question: string, assumeYes: boolean) =>
  Effect.gen(function* () {
    if (assumeYes) return
    const output = yield* Output
    if (!output.stdinIsTerminal)
      return yield* usage(`${question} — pass --yes to confirm (there is no terminal to ask on)`)
    const answer = yield* Prompt.run(Prompt.Confirm({ message: question, initial: false })).pipe(
      Effect.mapError(() => usage("not confirmed")),
    )
    if (!answer) return yield* failed("not confirmed: nothing was changed")
  })

/** `a,b , c` → `["a", "b", "c"]`. */
export const list = (text: string): ReadonlyArray<string> =>
  text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")

/**
 * A command whose failures are left to the process runner (`main.ts` renders every failure, whatever its type):
 * the error type is widened to `unknown` so that the command tree's type stays nameable, while its requirements
 * stay exact and checked.
 */
export const command = <Name extends string, Input, ContextInput, E, R>(
  self: Command.Command<Name, Input, ContextInput, E, R>,
): Command.Command<Name, Input, ContextInput, unknown, R> => self

/**
 * Runs `run` with a module loaded on first use (a command's implementation, in `src/internal/run/`). A `--portal` (or
 * `ARCGIS_PORTAL`) with a user name or password in it is refused first, whatever the command checks before it
 * connects.
 */
export const load = <M, A, E, R>(module: () => Promise<M>, run: (module: M) => Effect.Effect<A, E, R>) =>
  PortalUrls.portalFlag.pipe(Effect.andThen(Effect.promise(module)), Effect.flatMap(run))
