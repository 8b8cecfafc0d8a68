import { AuthConformance } from "@arcgis-portal/core/testing"
import { clientCredentials, pkce } from "../src/index.ts"

AuthConformance.run({
  name: "clientCredentials",
  secrets: ["conformance-client-secret"],
  make: () => clientCredentials({ clientId: "conformance-app", clientSecret: "conformance-client-secret" }),
})

AuthConformance.run({
  name: "pkce",
  secrets: ["conformance-refresh-seed"],
  make: () =>
    pkce({
      clientId: "conformance-app",
      redirectUri: "http://127.0.0.1/callback",
      refreshToken: "conformance-refresh-seed",
    }),
})
