import { taskGroup } from "tsio";
import { type FetchPolicy, fetchPage, GaveUpError } from "./fetch-page.js";

/** What the crawl learned about one page. */
export interface CrawledPage {
  readonly path: string;
  /** "200", or why the page was given up on. */
  readonly outcome: string;
  readonly attempts: number;
  readonly links: number;
}

const LINK = /href="([^"]+)"/g;

/**
 * Crawls a site from `root`, following links on the same site. Every page is a task of one
 * TaskGroup: a page that gives up after its retries is recorded, but a fatal error fails the group,
 * which cancels every other page (in flight or waiting for the semaphore) and throws
 * `TaskGroupError`.
 */
export async function crawl(urlOf: (path: string) => string, root: string, policy: FetchPolicy): Promise<CrawledPage[]> {
  const seen = new Set([root]);
  const pages: CrawledPage[] = [];
  await taskGroup(async (group) => {
    const visit = async (path: string): Promise<void> => {
      let page: Awaited<ReturnType<typeof fetchPage>>;
      try {
        page = await fetchPage(urlOf(path), policy);
      } catch (err) {
        if (!(err instanceof GaveUpError)) throw err;
        pages.push({ path, outcome: err.message, attempts: policy.attempts, links: 0 });
        return;
      }
      const links = [...page.body.matchAll(LINK)].map((m) => m[1]!).filter((link) => link.startsWith("/"));
      pages.push({ path, outcome: String(page.status), attempts: page.failures.length + 1, links: links.length });
      for (const link of links) {
        if (seen.has(link)) continue;
        seen.add(link);
        group.createTask(() => visit(link), { name: `visit ${link}` });
      }
    };
    group.createTask(() => visit(root), { name: `visit ${root}` });
  });
  return pages.sort((a, b) => a.path.localeCompare(b.path));
}
