import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').length;
}

const importsElectron = "import { app } from 'electron';\nexport const x = app;\n";

describe('the Electron glue’s testable parts stay electron-free (lint)', () => {
  it('main/app/pure may not import electron', async () => {
    expect(await restrictedImports('main/app/pure/example.ts', importsElectron)).toBe(1);
    expect(
      await restrictedImports('main/app/pure/example.ts', "import type { Session } from 'electron/main';\nexport type S = Session;\n"),
    ).toBe(1);
  });

  it('preload/build-api.ts may not import electron; preload/index.ts and main/app may', async () => {
    expect(await restrictedImports('preload/build-api.ts', importsElectron)).toBe(1);
    expect(await restrictedImports('preload/index.ts', importsElectron)).toBe(0);
    expect(await restrictedImports('main/app/window.ts', importsElectron)).toBe(0);
  });

  it('main/app/pure may use Node built-ins (it runs in the main process)', async () => {
    expect(
      await restrictedImports('main/app/pure/example.ts', "import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n"),
    ).toBe(0);
  });
});
