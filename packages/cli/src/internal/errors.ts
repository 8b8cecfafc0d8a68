/**
 * How a failure leaves the command line: one line on stderr with the portal's code and message, and an exit code
 * (0 done, 1 failed, 2 usage, 3 auth). `--verbose` adds the failed request (method and path) and the portal's details.
 * Nothing here ever renders a secret: the SDK's errors carry none, and CLI failures are written by us.
 */
import * as Data from "effect/Data"

/** The documented exit codes. */
export const ExitCode = {
  /** Everything asked for was done. */
  done: 0,
  /** The portal or the network refused something, or part of a bulk operation failed. */
  failed: 1,
  /** The command line was wrong: an unknown flag, a missing argument, a bad value, a malformed CSV. */
  usage: 2,
  /** Not signed in, or the portal refused the credentials. */
  auth: 3,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/**
 * The exit code of a run ended by Ctrl-C or SIGTERM: 130, except for a command whose normal end is an interruption
 * (`emulator` runs until it is stopped, and then exits 0 like the emulator's own CLI).
 */
export const interruption = { exitCode: 130 as number }

/** A failure the CLI itself reports: its message is the line printed, its exit code the process's. */
export class CliFailure extends Data.TaggedError("CliFailure")<{
  readonly message: string
  readonly exitCode: 1 | 2 | 3
  /** A second line telling what to do next (`run: arcgis-portal login`). */
  readonly hint?: string | undefined
  /** Already printed (a bulk summary): exit with the code, print nothing more. */
  readonly reported?: boolean | undefined
}> {}

/** A usage mistake the parser cannot see (two exclusive flags, a value out of range): exit code 2. */
export const usage = (message: string, hint?: string): CliFailure =>
  new CliFailure({ message, exitCode: ExitCode.usage, hint })

/** Not signed in or refused credentials: exit code 3. */
export const auth = (message: string, hint?: string): CliFailure =>
  new CliFailure({ message, exitCode: ExitCode.auth, hint })

/** Anything else that failed: exit code 1. */
export const failed = (message: string, hint?: string): CliFailure =>
  new CliFailure({ message, exitCode: ExitCode.failed, hint })

interface Described {
  readonly _tag?: unknown
  readonly message?: unknown
  readonly code?: unknown
  readonly messageCode?: unknown
  readonly operation?: unknown
  readonly request?: { readonly method?: unknown; readonly path?: unknown } | undefined
  readonly details?: unknown
  readonly reason?: unknown
  readonly exitCode?: unknown
  readonly hint?: unknown
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, " ").trim()

const tagOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && typeof (error as Described)._tag === "string"
    ? ((error as Described)._tag as string)
    : undefined

/** The exit code for a failure of a command. */
export const exitCodeOf = (error: unknown): ExitCode => {
  const described = (typeof error === "object" && error !== null ? error : {}) as Described
  switch (tagOf(error)) {
    case "CliFailure":
      return described.exitCode as ExitCode
    case "AuthError":
    case "OAuthError":
      return ExitCode.auth
    case "ProfileError":
      return described.reason === "InvalidProfile" ? ExitCode.usage : ExitCode.auth
    case "InvalidInput":
      return ExitCode.usage
    default:
      return ExitCode.failed
  }
}

/**
 * A failure as the lines printed on stderr: the first is always the error in one line (`<message> (code <code>
 * <messageCode>)`); with `verbose`, the failed operation and request and the portal's details follow.
 */
export const describe = (error: unknown, verbose: boolean): ReadonlyArray<string> => {
  const described = (typeof error === "object" && error !== null ? error : { message: String(error) }) as Described
  const message =
    typeof described.message === "string" && described.message !== ""
      ? oneLine(described.message)
      : oneLine(String(error))
  const tag = tagOf(error)
  const code =
    typeof described.code === "number" || typeof described.code === "string"
      ? ` (code ${described.code}${typeof described.messageCode === "string" ? ` ${described.messageCode}` : ""})`
      : typeof described.messageCode === "string"
        ? ` (${described.messageCode})`
        : ""
  const prefix =
    tag === "TransportError" ? "cannot reach the portal: " : tag === "DecodeError" ? "unexpected answer: " : ""
  const lines = [`${prefix}${message}${code}`]
  if (typeof described.hint === "string") lines.push(described.hint)
  if (tag === "AuthError" && described.reason !== "AcquisitionFailed")
    lines.push("Sign in again: arcgis-portal login (or pass --profile)")
  if (verbose) {
    const request =
      described.request !== undefined && typeof described.request === "object"
        ? ` ${String(described.request.method)} ${String(described.request.path)}`
        : ""
    if (typeof described.operation === "string") lines.push(`  in ${described.operation}${request}`)
    if (Array.isArray(described.details))
      for (const detail of described.details) if (typeof detail === "string") lines.push(`  ${oneLine(detail)}`)
  }
  return lines
}
