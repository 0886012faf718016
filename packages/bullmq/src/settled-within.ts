/**
 * @internal Waits for `promise` to settle, but `ms` at most: for work on Redis that `close()` would
 * rather finish, yet not wait on forever (ioredis keeps a command for a Redis that is gone through
 * all its reconnection attempts, minutes).
 */
export async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([promise.then(noop, noop), bound]);
  } finally {
    clearTimeout(timer);
  }
}

function noop(): void {}
