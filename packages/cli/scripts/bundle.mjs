// Second step of the build (after `tsc`): bundles the binary into `dist/arcgis-portal.js` (plus lazily loaded
// chunks under `dist/chunks/`), which `bin` points at. A command run hundreds of times in a script pays Node's
// per-module cost on every start: one bundled file instead of ~250 modules is most of `--version`'s start-up
// (tooling/bench B8). Everything is bundled — effect and the SDK included — except what cannot be:
// `@napi-rs/keyring` (a native module, loaded only if present) and the emulator (`arcgis-portal emulator` loads it on
// demand, with its own dependencies; only its options module, `@arcgis-portal/emulator/cli`, is bundled). Builds from `src/` with esbuild, so tests can bundle without `tsc`.
//
// Usage (from packages/cli): node scripts/bundle.mjs
import { rmSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")

/** Bundles `src/bin.ts`; returns the output files and their sizes. */
export const bundle = async () => {
  rmSync(join(root, "dist", "chunks"), { recursive: true, force: true })
  const result = await build({
    absWorkingDir: root,
    entryPoints: { "arcgis-portal": "src/bin.ts" },
    outdir: "dist",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    external: ["@napi-rs/keyring"],
    // The emulator itself stays outside (`arcgis-portal emulator` loads it on demand, with node:sqlite and its own
    // dependencies); its small options module (`@arcgis-portal/emulator/cli`, which every start reads to build the
    // command's flags) is bundled, so the binary starts without the emulator installed.
    plugins: [
      {
        name: "emulator-on-demand",
        setup: (builder) =>
          builder.onResolve({ filter: /^@arcgis-portal\/emulator$/ }, (args) => ({ path: args.path, external: true })),
      },
    ],
    // CommonJS dependencies bundled into ESM (undici, for client certificates) call `require` for Node's builtins.
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module";const require = __createRequire(import.meta.url);',
    },
    chunkNames: "chunks/[name]-[hash]",
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
  })
  return Object.entries(result.metafile.outputs).map(([file, output]) => ({ file, bytes: output.bytes }))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outputs = await bundle()
  const total = outputs.filter((output) => output.file.endsWith(".js")).reduce((sum, output) => sum + output.bytes, 0)
  console.log(`bundled dist/arcgis-portal.js and ${outputs.length - 1} chunks, ${Math.round(total / 1024)} KiB`)
}
