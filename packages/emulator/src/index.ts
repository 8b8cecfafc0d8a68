/**
 * `@arcgis-portal/emulator`: a local ArcGIS portal for tests, demos and offline development — a real HTTP server that
 * speaks the Sharing REST API, with its state in SQLite and a seeded org. Start one with {@link startEmulator}; the
 * `arcgis-portal-emulator` command starts one from a shell.
 *
 * @packageDocumentation
 */
export {
  type EmulatorHandle,
  type FaultKind,
  type FaultOptions,
  type LogEntry,
  type Options,
  type SeededAccounts,
  startEmulator,
} from "./Emulator.ts"
