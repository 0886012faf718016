import { gather, sleep } from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "gather",
  title: "gather(): results in order",
  shows: "three 300 ms lookups run concurrently and their results come back in the order they were passed",
  kind: "seed",
  main,
};

async function main({ print, run }: ExampleContext): Promise<void> {
  async function getStock(symbol: string): Promise<string> {
    await sleep(300);
    return `${symbol}: $150`;
  }

  await run(async () => {
    const results = await gather(
      () => getStock("AAPL"),
      () => getStock("GOOG"),
      () => getStock("MSFT"),
    );
    for (const r of results) print(r);
  });
}
