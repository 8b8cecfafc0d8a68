/** Reading a CSV file for a command: a file that cannot be read or parsed is a usage error naming its line. */
import { readFile } from "node:fs/promises"
import { basename } from "node:path"
import * as Effect from "effect/Effect"
import { CsvError } from "./csv.ts"
import { usage } from "./errors.ts"

/** The file's text, parsed by `parse`; exit code 2 with `<file>: line <n>: <reason>` when it is not right. */
export const readCsv = <A>(path: string, parse: (text: string) => A) =>
  Effect.flatMap(
    Effect.tryPromise({ try: () => readFile(path, "utf8"), catch: () => usage(`cannot read ${path}`) }),
    (text) =>
      Effect.try({
        try: () => parse(text),
        catch: (error) =>
          usage(
            `${basename(path)}: ${error instanceof CsvError ? error.message : String(error)}`,
            "Nothing was changed.",
          ),
      }),
  )
