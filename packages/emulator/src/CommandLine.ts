/**
 * `@arcgis-portal/emulator/cli`: the emulator's command line as a library — the one definition of its options
 * ({@link startOptionSpecs}), their parser ({@link parseCommandLine}) and `--help` ({@link usage}), the mapping of the
 * parsed options onto `startEmulator`'s ({@link emulatorOptions}), the start {@link banner} and a start failure as one
 * line ({@link describeStartFailure}). `arcgis-portal-emulator` is built from these; so is `arcgis-portal emulator`
 * (`@arcgis-portal/cli`), which turns the same table into its flags, so both accept the same options. Light: nothing
 * here loads the emulator itself.
 *
 * @example
 * import { emulatorOptions, parseCommandLine } from "@arcgis-portal/emulator/cli"
 * import { startEmulator } from "@arcgis-portal/emulator"
 * const command = parseCommandLine(["--port", "0", "--no-ranges"])
 * if (command._tag === "Start") await startEmulator(emulatorOptions(command.options))
 *
 * @packageDocumentation
 */
export {
  type Command,
  defaultHost,
  defaultPort,
  emulatorOptions,
  type OptionSpec,
  optionSpecs,
  parseCommandLine,
  type StartOptionSpec,
  type StartOptions,
  startOptionSpecs,
  usage,
} from "./internal/cli-args.ts"
export { type BannerContext, banner, describeStartFailure } from "./internal/cli-output.ts"
