// B5 profile: cold import of `effect/Schema` alone (what response decoding costs to load), then the first line.
import "effect/Schema"

console.log("ready")
