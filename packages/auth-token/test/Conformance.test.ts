import { AuthConformance } from "@arcgis-portal/core/testing"
import { apiKey, builtInUser, staticToken } from "../src/index.ts"

AuthConformance.run({
  name: "builtInUser",
  secrets: ["conformance-password-1234"],
  make: () => builtInUser({ username: "conformance", password: "conformance-password-1234" }),
})

AuthConformance.run({
  name: "apiKey",
  make: (portal) => apiKey(() => portal.issueToken()),
})

AuthConformance.run({
  name: "staticToken",
  make: (portal) => staticToken(() => portal.issueToken()),
})
