#!/usr/bin/env node
/**
 * The `arcgis-portal` binary (bundled into `dist/arcgis-portal.js`). Node's compile cache is turned on before the rest
 * is loaded: a command run hundreds of times in a script then skips compiling the bundle on every start.
 */
import * as Module from "node:module"

Module.enableCompileCache?.()
const { run } = await import("./internal/main.ts")
run(process.argv.slice(2))
