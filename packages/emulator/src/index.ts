/**
 * `@arcgis-portal/emulator`: a local ArcGIS portal for tests, demos and offline development.
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
