// Types for node-binary.mjs, which the bench (TypeScript) imports.

/** The release of each Node line used when only the major is given: `NODE_LINES["26"]`. */
export declare const NODE_LINES: Readonly<Record<string, string>>;
/** Where installed binaries are kept between runs. */
export declare const NODE_CACHE: string;
/** The exact version for a line (`"26"` → `"26.12.1"`) or a full version; `RangeError` otherwise. */
export declare function resolveNodeVersion(spec: string): string;
/** The registry package that holds the Node binary for this machine. */
export declare function binaryPackage(version: string): string;
/** The path of the cached binary of `version`, whether or not it is there yet. */
export declare function cachedNodePath(version: string, cacheDir?: string): string;
/** The binary of `version`, installed from the registry on first use and cached after that. */
export declare function installNode(version: string, options?: { cacheDir?: string }): Promise<string>;
