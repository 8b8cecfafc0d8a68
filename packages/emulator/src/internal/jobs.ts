import type { Route } from "./routes.ts"
export const jobRoutes: ReadonlyArray<Route> = []
