import { currentTask, type Semaphore, sleep, TimeoutError, waitFor } from "tsio";

/** How each page is fetched. */
export interface FetchPolicy {
  /** Limit on every attempt, in ms. */
  readonly timeoutMs: number;
  /** Attempts before giving up on a page. */
  readonly attempts: number;
  /** Back-off before the second attempt, in ms; it doubles after each failure. */
  readonly backoffMs: number;
  /** Held for the length of each attempt: at most that many requests in flight. */
  readonly limit: Semaphore;
}

/** A page that answered with an error retrying will not fix: the crawl stops. */
export class FatalPageError extends Error {
  override name = "FatalPageError";
}

/** A page that kept failing in ways worth retrying, until the attempts ran out. */
export class GaveUpError extends Error {
  override name = "GaveUpError";
}

/** What one page gave. */
export interface FetchedPage {
  readonly status: number;
  readonly body: string;
  /** Each failed attempt, in order ("503", "timeout"). */
  readonly failures: readonly string[];
}

class RetryableStatus extends Error {}

/**
 * One request. The signal belongs to the task waitFor started for this attempt: when the attempt
 * times out, or the crawl is cancelled, the task is cancelled and the signal aborts the fetch.
 */
async function request(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { signal: currentTask()!.signal });
  return { status: response.status, body: await response.text() };
}

/**
 * Fetches `url` with a timeout per attempt and exponential back-off between attempts. 503 and 429
 * answers, timeouts and network errors are retried; any other error status is fatal.
 */
export async function fetchPage(url: string, policy: FetchPolicy): Promise<FetchedPage> {
  const failures: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      const { status, body } = await policy.limit.run(() => waitFor(() => request(url), policy.timeoutMs));
      if (status === 503 || status === 429) throw new RetryableStatus(String(status));
      if (status >= 400) throw new FatalPageError(`${new URL(url).pathname} answered HTTP ${status}`);
      return { status, body, failures };
    } catch (err) {
      if (err instanceof TimeoutError) failures.push("timeout");
      else if (err instanceof RetryableStatus) failures.push(err.message);
      else if (err instanceof TypeError) failures.push("network error"); // what fetch throws when the connection fails
      else throw err; // fatal, or the crawl is being cancelled
      if (attempt === policy.attempts) {
        throw new GaveUpError(`gave up after ${attempt} attempts (${failures.join(", ")})`);
      }
      await sleep(policy.backoffMs * 2 ** (attempt - 1));
    }
  }
}
