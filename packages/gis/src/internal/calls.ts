/**
 * How a facade object (an item, a user, a group) runs its methods: on its connection, with the service its methods
 * call and its JSON as it is when the call starts (an update or a move refreshes it for the next call), after
 * checking the JavaScript shapes of the call's arguments.
 */
import * as Effect from "effect/Effect"
import * as Args from "./args.ts"
import { type Cancel, cancel, run, type Session } from "./session.ts"

/** The two ways a facade object's method runs; `S` is the service, `J` the object's JSON, `R` what runs it. */
export interface Calls<S, J, R> {
  /** The connection the object belongs to. */
  readonly session: Session<R>
  /** Runs `use` with the service and the object's current JSON; `how` cancels it. */
  readonly run: <A, E>(use: (service: S, json: J) => Effect.Effect<A, E, R>, how?: Cancel) => Promise<A>
  /**
   * `run` after the argument `checks` (`InvalidInput`, nothing sent, when one fails), cancelled by the `signal` of
   * `options`, if any, and named `operation` when it is.
   */
  readonly checked: <A, E>(
    operation: string,
    checks: ReadonlyArray<Args.Check>,
    use: (service: S, json: J) => Effect.Effect<A, E, R>,
    options?: unknown,
  ) => Promise<A>
}

/** The calls of an object of `session` whose methods use `service`, its JSON read by `json` when a call starts. */
export const calls = <S, J, R>(
  session: Session<R>,
  service: Effect.Effect<S, never, NoInfer<R>>,
  json: () => J,
): Calls<S, J, R> => {
  const runUse: Calls<S, J, R>["run"] = (use, how) =>
    run(
      session,
      Effect.flatMap(service, (value) => use(value, json())),
      how,
    )
  return {
    session,
    run: runUse,
    checked: (operation, checks, use, options) =>
      runUse(
        (value, current) => Effect.andThen(Args.check(operation, ...checks), () => use(value, current)),
        cancel(operation, options),
      ),
  }
}
