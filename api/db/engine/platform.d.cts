// Types for platform.cjs, which stays plain JavaScript so scripts/prepare-engine.mjs can load it without a TypeScript loader.

export declare const REQUIRED_GLIBC: string;
export declare const GLIBC_SOURCE_SUITE: string;
export declare const DEBIAN_KEYRING: string;
export declare const ENGINE_DIR_NAME: string;
export declare const GLIBC_DIR_NAME: string;
export declare const READY_MARKER: string;
export declare const EMBEDDED_ENGINE_WARNING: string;

export interface PlatformDescription {
  platform: string;
  arch: string;
  /** glibc version string such as "2.36"; undefined on non-glibc systems. */
  glibcVersion?: string | undefined;
}

export interface GlibcLoaderSupport {
  kind: 'glibc-loader';
  systemGlibc: string;
  debArch: string;
  triplet: string;
  loaderName: string;
}

export type EngineSupport = { kind: 'native' } | GlibcLoaderSupport | { kind: 'unsupported'; reason: string };

export interface LoaderLayout {
  loader: string;
  libraryPath: string;
}

export declare function parseGlibcVersion(text: unknown): [number, number] | undefined;
export declare function glibcAtLeast(version: unknown, required?: string): boolean;
export declare function engineSupport(description: PlatformDescription): EngineSupport;
export declare function unsupportedEngineMessage(reason: string): string;
export declare function currentPlatform(): PlatformDescription;
export declare function debianMirrorFromSources(text: unknown): string | undefined;
export declare function systemDebianMirror(etcApt?: string): string | undefined;
export declare function glibcRoot(projectRoot: string): string;
export declare function loaderLayout(root: string, support: GlibcLoaderSupport): LoaderLayout | undefined;
export declare function preparedLoader(
  projectRoot: string,
  support: GlibcLoaderSupport,
): (LoaderLayout & { glibcVersion: string }) | undefined;
