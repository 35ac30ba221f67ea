/** The compiled CLI's entry (a file URL) when `build` was built from the sources now in `root`, or null. */
export function builtCli(root: URL, build?: URL): string | null
