/**
 * tsio: asyncio's model for TypeScript on Node.js. This umbrella package re-exports the kernel
 * (`@tsio/loop`), tasks and composition (`@tsio/tasks`), synchronization and queues
 * (`@tsio/sync`) and thread offload (`@tsio/thread`). Install a single package instead when you
 * need only part of it.
 *
 * @example
 * ```ts
 * import { gather, run, sleep } from "tsio";
 *
 * await run(async () => {
 *   const [a, b] = await gather(() => sleep(20, "a"), () => sleep(10, "b"));
 *   console.log(a, b); // a b
 * });
 * ```
 * @packageDocumentation
 */
export * from "@tsio/loop";
export * from "@tsio/sync";
export * from "@tsio/tasks";
export * from "@tsio/thread";
