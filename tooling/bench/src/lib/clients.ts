/** How each contender is set up against the emulator (outside every timed section): both, for workers that run either. */
export { ourPortal, tokenStrategy } from "./ours.ts"
export { restJsSession } from "./restjs.ts"
export { measure, type WorkerConfig } from "./worker.ts"
