import type { Route } from "./routes.ts"
export const socialRoutes: ReadonlyArray<Route> = []
