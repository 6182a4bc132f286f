import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('runtime boundaries are enforced by lint', () => {
  it('main/services may not import electron', async () => {
    expect(await problems('main/services/local-s3/example.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(1);
  });

  it('preload/contract may not import electron or node built-ins', async () => {
    expect(
      await problems(
        'preload/contract/example.ts',
        "import { ipcRenderer } from 'electron';\nimport { readFile } from 'node:fs';\nexport const x = [ipcRenderer, readFile];\n",
      ),
    ).toHaveLength(2);
  });

  it('the renderer may not import Node, electron or main-process code', async () => {
    const code =
      "import { readFile } from 'fs';\nimport { shell } from 'electron';\nimport { startLocalS3 } from '../../main/services/local-s3/index.js';\nexport const x = [readFile, shell, startLocalS3];\n";
    expect(await problems('renderer/src/features/example.ts', code)).toHaveLength(3);
  });

  it('tests may not import electron', async () => {
    expect(await problems('test/unit/example.test.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(1);
  });

  it('main/app (the Electron glue) may', async () => {
    expect(await problems('main/app/example.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(0);
  });

  it('a service may use another only through its public modules', async () => {
    const code =
      "import type { ObjectStore } from '../local-s3/store/object-store.js';\nimport { verifySigV4 } from '../local-s3/auth/sigv4.js';\nexport type X = [ObjectStore, typeof verifySigV4];\n";
    expect(await problems('main/services/s3/example.ts', code)).toHaveLength(2);
    expect(await problems('main/services/s3/example.ts', "export type { ObjectStore } from '../local-s3/index.js';\n")).toHaveLength(0);
    expect(
      await problems('main/services/local-s3/operations/example.ts', "export type { ObjectStore } from '../store/object-store.js';\n"),
    ).toHaveLength(0);
    expect(await problems('main/services/s3/example.ts', "export { writeFileAtomic } from '../fs/atomic-file.js';\n")).toHaveLength(0);
  });
});
