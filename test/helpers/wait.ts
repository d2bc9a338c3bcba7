/** Waits for a condition, polling; the machine may be slow, so the limit is generous. */
export async function eventually(check: () => Promise<boolean>, { timeoutMs = 60_000, everyMs = 100 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
