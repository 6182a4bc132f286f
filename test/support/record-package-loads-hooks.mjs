import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  if (process.env.PAIL_TEST_LOADS && specifier.startsWith('@aws-sdk/')) appendFileSync(process.env.PAIL_TEST_LOADS, `${specifier}\n`);
  return next(specifier, context);
}
