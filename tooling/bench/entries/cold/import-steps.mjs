// B5 profile: what each step of importing @arcgis-portal/content costs in one fresh process — effect's Effect, then
// Schema, then Stream, then our core, content's operations face and content's main entry, each `import()` timed on its
// own (a step pays only for what the steps before it did not load). Prints one JSON line: milliseconds per step.
const steps = [
  "effect/Effect",
  "effect/Schema",
  "effect/Stream",
  "@arcgis-portal/core",
  "@arcgis-portal/content/operations",
  "@arcgis-portal/content",
]
const costs = {}
let before = performance.now()
for (const step of steps) {
  await import(step)
  const after = performance.now()
  costs[step] = after - before
  before = after
}
console.log(JSON.stringify(costs))
