// Types of hooks.mjs (electron-builder imports the JavaScript as is).
export declare const KEYTAR_NATIVE: string;
export declare function binaryArchs(bytes: Buffer): string[] | undefined;
export declare function archMismatch(archs: string[] | undefined, targetArch: string): string | undefined;
export declare function afterPack(context: {
  appOutDir: string;
  arch: number;
  packager: { getResourcesDir(appOutDir: string): string };
}): Promise<void>;
export declare function notarizationCredentials(
  env: Record<string, string | undefined>,
): { kind: 'api-key' | 'apple-id' | 'keychain-profile' } | { kind: 'none' } | { kind: 'incomplete'; missing: string[] };
export declare function afterSign(context: { electronPlatformName: string }): Promise<void>;
export declare function windowsSignCommand(template: string | undefined, file: string): string | undefined;
export declare function sign(configuration: { path: string }): Promise<void>;
