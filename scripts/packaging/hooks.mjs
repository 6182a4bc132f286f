// electron-builder hooks (electron-builder.yml names this file for afterPack, afterSign and the
// Windows `sign`). Plain JavaScript because electron-builder imports it as is; its pure parts
// are exported for test/unit/app-packaging-hooks.test.ts and typed in hooks.d.mts.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** electron-builder's Arch enum, by value. */
const BUILDER_ARCHS = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** Where keytar's native module sits under the packaged app's resources folder. */
export const KEYTAR_NATIVE = 'app.asar.unpacked/node_modules/keytar/build/Release/keytar.node';

/**
 * The CPU architectures a native binary (ELF, PE or Mach-O, fat Mach-O included) was built for,
 * in electron-builder's names, or undefined when the bytes are none of those formats.
 * @param {Buffer} bytes
 * @returns {string[] | undefined}
 */
export function binaryArchs(bytes) {
  if (bytes.length < 64) return undefined;
  if (bytes.readUInt32BE(0) === 0x7f454c46) {
    const machine = bytes[5] === 2 ? bytes.readUInt16BE(18) : bytes.readUInt16LE(18);
    return [{ 3: 'ia32', 62: 'x64', 40: 'armv7l', 183: 'arm64' }[machine] ?? `elf-machine-${machine}`];
  }
  if (bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    if (pe + 6 > bytes.length || bytes.readUInt32BE(pe) !== 0x50450000) return undefined;
    const machine = bytes.readUInt16LE(pe + 4);
    return [{ 0x14c: 'ia32', 0x8664: 'x64', 0x1c4: 'armv7l', 0xaa64: 'arm64' }[machine] ?? `pe-machine-${machine}`];
  }
  const machO = (cpu) => ({ 7: 'ia32', 0x01000007: 'x64', 12: 'armv7l', 0x0100000c: 'arm64' })[cpu] ?? `mach-o-cpu-${cpu}`;
  const magic = bytes.readUInt32BE(0);
  if (magic === 0xcafebabe) {
    const count = bytes.readUInt32BE(4);
    return Array.from({ length: count }, (_, index) => machO(bytes.readUInt32BE(8 + index * 20)));
  }
  if (magic === 0xfeedface || magic === 0xfeedfacf) return [machO(bytes.readUInt32BE(4))];
  if (magic === 0xcefaedfe || magic === 0xcffaedfe) return [machO(bytes.readUInt32LE(4))];
  return undefined;
}

/**
 * Why a native module cannot load in an app built for `targetArch`, or undefined when it can.
 * A universal macOS app needs both x64 and arm64 slices.
 * @param {string[] | undefined} archs what binaryArchs() found
 * @param {string} targetArch electron-builder's arch name
 * @returns {string | undefined}
 */
export function archMismatch(archs, targetArch) {
  if (archs === undefined) return 'it is not a native binary this check recognizes';
  const needed = targetArch === 'universal' ? ['x64', 'arm64'] : [targetArch];
  const missing = needed.filter((arch) => !archs.includes(arch));
  return missing.length === 0 ? undefined : `it is built for ${archs.join(' + ')}, but this app is ${targetArch}`;
}

/**
 * afterPack: refuses to finish an app whose keytar.node does not match the target architecture.
 * `npmRebuild: false` packs node_modules as installed, so a cross-arch build would ship the build
 * machine's keytar, which fails to load on the user's machine, and Pail would quietly fall back
 * to weaker secret storage. Set PAIL_ALLOW_MISSING_KEYTAR=1 to package without keytar on purpose.
 * @param {{ appOutDir: string, arch: number, packager: { getResourcesDir(appOutDir: string): string } }} context
 */
export async function afterPack(context) {
  const targetArch = BUILDER_ARCHS[context.arch] ?? String(context.arch);
  const file = path.join(context.packager.getResourcesDir(context.appOutDir), KEYTAR_NATIVE);
  let bytes;
  try {
    bytes = await readFile(file);
  } catch {
    if (process.env.PAIL_ALLOW_MISSING_KEYTAR === '1') return;
    throw new Error(
      `keytar's native module is missing from the packaged app (${file}). Run \`npm install\` so keytar builds, ` +
        'or set PAIL_ALLOW_MISSING_KEYTAR=1 to ship without the OS keychain.',
    );
  }
  const problem = archMismatch(binaryArchs(bytes), targetArch);
  if (problem) {
    throw new Error(
      `keytar.node cannot load in this ${targetArch} app: ${problem}. Install keytar for ${targetArch} ` +
        `(\`npm install --cpu=${targetArch === 'universal' ? 'arm64' : targetArch}\` on a matching machine, or build on one) before packaging.`,
    );
  }
  console.log(`pail: keytar.node is ${targetArch}, as the app`);
}

/**
 * Which notarization credentials the environment holds, in the three sets electron-builder's
 * notarization reads: an App Store Connect API key, an Apple ID with an app-specific password,
 * or a notarytool keychain profile. 'incomplete' names the variables a partial set lacks.
 * @param {Record<string, string | undefined>} env
 * @returns {{ kind: 'api-key' | 'apple-id' | 'keychain-profile' } | { kind: 'none' } | { kind: 'incomplete', missing: string[] }}
 */
export function notarizationCredentials(env) {
  const sets = [
    ['api-key', ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER']],
    ['apple-id', ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']],
    ['keychain-profile', ['APPLE_KEYCHAIN_PROFILE']],
  ];
  for (const [kind, names] of sets) {
    const present = names.filter((name) => env[name]);
    if (present.length === names.length) return { kind };
    if (present.length > 0) return { kind: 'incomplete', missing: names.filter((name) => !env[name]) };
  }
  return { kind: 'none' };
}

/**
 * afterSign: on macOS, a build signed with a Developer ID certificate (CSC_LINK or CSC_NAME) must
 * also be notarized, or Gatekeeper refuses it on every other Mac. electron-builder notarizes
 * (mac.notarize) from the APPLE_* variables but only warns when they are absent; this fails.
 * @param {{ electronPlatformName: string }} context
 */
export async function afterSign(context) {
  if (context.electronPlatformName !== 'darwin') return;
  if (!process.env.CSC_LINK && !process.env.CSC_NAME) return;
  const credentials = notarizationCredentials(process.env);
  if (credentials.kind === 'none' || credentials.kind === 'incomplete') {
    const missing = credentials.kind === 'incomplete' ? ` (missing ${credentials.missing.join(', ')})` : '';
    throw new Error(
      `This Mac build is signed but cannot be notarized${missing}: set APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER ` +
        '(or APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID). See README, "Packaging".',
    );
  }
}

/**
 * The command that signs `file` on Windows: PAIL_WINDOWS_SIGN_COMMAND with `{file}` replaced by
 * the quoted path, or undefined when the variable is unset.
 * @param {string | undefined} template
 * @param {string} file
 * @returns {string | undefined}
 */
export function windowsSignCommand(template, file) {
  if (!template?.trim()) return undefined;
  if (!template.includes('{file}')) throw new Error('PAIL_WINDOWS_SIGN_COMMAND must contain {file} where the path to sign goes.');
  return template.split('{file}').join(`"${file}"`);
}

/**
 * Windows signing (win.signtoolOptions.sign): runs PAIL_WINDOWS_SIGN_COMMAND for each file
 * electron-builder signs (the app, its DLLs, the installer), so any tool works: signtool with a
 * certificate file or store, Azure Trusted Signing, jsign, osslsigncode. Without it the build is
 * left unsigned and says so.
 * @param {{ path: string }} configuration
 */
export async function sign(configuration) {
  const command = windowsSignCommand(process.env.PAIL_WINDOWS_SIGN_COMMAND, configuration.path);
  if (command === undefined) {
    console.warn(`pail: PAIL_WINDOWS_SIGN_COMMAND is not set; ${path.basename(configuration.path)} is left unsigned`);
    return;
  }
  const result = spawnSync(command, { shell: true, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`signing ${configuration.path} failed (exit ${result.status ?? result.signal})`);
}
