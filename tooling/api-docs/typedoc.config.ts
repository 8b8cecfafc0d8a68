// The options file for running TypeDoc by hand (`npx typedoc --options typedoc.config.ts` in this directory);
// `pnpm api-docs` and the check use the same options through src/options.ts.
import { repositoryRoot, repositoryTypedocOptions } from "./src/options.ts"
import { publicPackages } from "./src/packages.ts"

export default repositoryTypedocOptions(publicPackages(repositoryRoot))
