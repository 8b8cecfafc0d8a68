// B5 profile: cold import of `effect/Effect` alone (the floor of any Effect program), then the first line.
import "effect/Effect"

console.log("ready")
