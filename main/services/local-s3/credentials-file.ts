import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Credentials } from './auth/credentials.js';
import { writeFileAtomic } from '../fs/atomic-file.js';

/** The key pair in use, and whether it was generated just now (so its secret can be shown once). */
export interface ResolvedCredentials extends Credentials {
  generated: boolean;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** An access key id shaped like AWS's: 20 uppercase characters. */
export function generateCredentials(): Credentials {
  const bytes = randomBytes(16);
  const accessKeyId = `PAIL${[...bytes].map((b) => BASE32[b & 31]).join('')}`;
  const secretAccessKey = randomBytes(30)
    .toString('base64')
    .replace(/[+/]/g, (c) => (c === '+' ? 'A' : 'B'));
  return { accessKeyId, secretAccessKey };
}

/**
 * The key pair of a data folder: generated once and kept in `<dataDir>/.pail/credentials.json`,
 * readable by its owner only.
 */
export async function loadOrCreateCredentials(dataDir: string): Promise<ResolvedCredentials> {
  const dir = join(dataDir, '.pail');
  const path = join(dir, 'credentials.json');
  const existing = await readFile(path, 'utf8').then(
    (text) => JSON.parse(text) as Credentials,
    () => undefined,
  );
  if (existing?.accessKeyId && existing.secretAccessKey) return { ...existing, generated: false };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const created = generateCredentials();
  await writeFileAtomic(path, JSON.stringify(created, null, 2), 0o600);
  await chmod(path, 0o600);
  return { ...created, generated: true };
}
