import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One page of the test site. */
export interface PageSpec {
  /** Paths this page links to. */
  readonly links?: readonly string[];
  /** How long the server takes to answer, in real ms (default 20). */
  readonly delayMs?: number;
  /** Statuses answered to the first requests, one each, before the page answers 200. */
  readonly failFirst?: readonly number[];
  /** A status this page always answers with instead of 200. */
  readonly status?: number;
}

/**
 * A small website served by `node:http` on 127.0.0.1 (a free port), which records what the crawler
 * did to it: how many requests each path got, the most it had in flight at once, and which
 * requests the client abandoned before the answer came.
 */
export class LocalSite {
  /** Requests received, per path. */
  readonly requests = new Map<string, number>();
  /** Paths whose request the client aborted before the response was sent. */
  readonly aborted: string[] = [];
  /** The most requests in flight at once. */
  peakInFlight = 0;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly server: Server;
  private readonly pages: Readonly<Record<string, PageSpec>>;

  private constructor(pages: Readonly<Record<string, PageSpec>>) {
    this.pages = pages;
    this.server = createServer((req, res) => this.handle(req, res));
  }

  /** Starts a site serving `pages` and resolves once it listens. */
  static async start(pages: Readonly<Record<string, PageSpec>>): Promise<LocalSite> {
    const site = new LocalSite(pages);
    await new Promise<void>((resolve, reject) => {
      site.server.once("error", reject);
      site.server.listen(0, "127.0.0.1", () => resolve());
    });
    return site;
  }

  /** The absolute URL of `path` on this site. */
  url(path: string): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${path}`;
  }

  /** Resolves once no request is in flight (aborted ones included). */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops open connections and stops listening. */
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? "/", "http://site").pathname;
    if (path === "/health") {
      res.writeHead(204).end();
      return;
    }
    const count = (this.requests.get(path) ?? 0) + 1;
    this.requests.set(path, count);
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    const page = this.pages[path];
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      if (--this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    };
    const timer = setTimeout(() => {
      const status = page === undefined ? 404 : (page.failFirst?.[count - 1] ?? page.status ?? 200);
      const body = (page?.links ?? []).map((link) => `<a href="${link}">${link}</a>`).join("\n");
      res.writeHead(status, { "content-type": "text/html" }).end(`<html><body>${body}</body></html>`);
      finish();
    }, page?.delayMs ?? 20);
    res.on("close", () => {
      if (!res.writableFinished) {
        clearTimeout(timer);
        this.aborted.push(path);
      }
      finish();
    });
  }
}
