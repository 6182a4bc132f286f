/**
 * Waits for `closing` but no longer than `timeoutMs`: quitting must not hang forever on a
 * stuck socket or disk. Resolves to whether the close finished in time; never rejects, since
 * a failed close should still let the app exit.
 */
export async function settleWithin(closing: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      closing.then(
        () => true,
        () => false,
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
