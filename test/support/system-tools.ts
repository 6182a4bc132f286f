import { describe, it } from 'vitest';

/**
 * The one rule for tests that need something from the system (a third-party client, Chromium, a
 * Secret Service): with it, `describe` as usual; without it, skipped here with the reason printed
 * where a person sees it, and in CI (`process.env.CI` set, as .ci/run does) a failing test that
 * says what to install. CI must never pass by not testing.
 *
 * @param missing why the suite cannot run here (say what to install), or undefined when it can
 */
export function describeNeeding(
  title: string,
  missing: string | undefined,
  body: () => void,
  options: { concurrent?: boolean } = {},
): void {
  if (missing === undefined) {
    (options.concurrent ? describe.concurrent : describe)(title, body);
  } else if (process.env.CI) {
    describe(title, () => {
      it('has what it needs installed', () => {
        throw new Error(`${title}: ${missing}`);
      });
    });
  } else {
    // The default reporter does not print skipped suites' names; say why on the console too.
    console.warn(`Skipping "${title}": ${missing} (in CI this fails).`);
    describe.skip(`${title} [skipped: ${missing}]`, body);
  }
}
