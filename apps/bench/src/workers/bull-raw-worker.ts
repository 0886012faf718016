// The raw BullMQ worker of the bullmq workloads: `node bull-raw-worker.js <port> <queue> <concurrency>`.
// Returns each job's `v`, as the tsio side's `echo` does. Stops on SIGTERM.
import { Worker } from "bullmq";

const [port, queueName, concurrency] = process.argv.slice(2);
const worker = new Worker(queueName as string, async (job) => (job.data as { v: number }).v, {
  connection: { host: "127.0.0.1", port: Number(port) },
  concurrency: Number(concurrency),
});
worker.on("error", () => {});
await worker.waitUntilReady();
console.log(`raw worker ${process.pid}: serving queue "${queueName}"`);
process.once("SIGTERM", () => void worker.close());
