// `node --import ./test/support/record-package-loads.mjs …`: appends every @aws-sdk/* module the
// process resolves through ESM (static or dynamic import) to the file in $PAIL_TEST_LOADS, so a
// test can tell whether a command loaded the SDK at all.
import { register } from 'node:module';

register('./record-package-loads-hooks.mjs', import.meta.url);
