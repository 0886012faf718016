"""Python asyncio side of the tsio benchmarks.

Usage: python3 bench_asyncio.py <workload> <n>

Runs one workload at size n and prints one JSON line with the same keys as the Node children:
n, wallNs, cpuNs, heapBytes, heapDeltaBytes. Python has no "heap used" figure that matches V8's,
so heapBytes is the resident set size and heapDeltaBytes its growth (after gc.collect()).
"""

import asyncio
import gc
import json
import os
import random
import sys
import time

TASKS_FOR_LOCK = 1_000
TIMER_MAX_MS = 200
HOUR_S = 3600


def rss_bytes():
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Stopwatch:
    """Wall clock, process CPU time and memory of one measured section."""

    def __init__(self, collect=False):
        self.collect = collect
        if collect:
            gc.collect()
        self.rss = rss_bytes()
        self.cpu = time.process_time_ns()
        self.wall = time.perf_counter_ns()

    def stop(self, n):
        wall = time.perf_counter_ns() - self.wall
        cpu = time.process_time_ns() - self.cpu
        if self.collect:
            gc.collect()
        rss = rss_bytes()
        return {"n": n, "wallNs": wall, "cpuNs": cpu, "heapBytes": rss, "heapDeltaBytes": rss - self.rss}


async def trivial(i):
    return i


async def spawn_await(n):
    watch = Stopwatch()
    tasks = [asyncio.create_task(trivial(i)) for i in range(n)]
    await asyncio.gather(*tasks)
    return watch.stop(n)


async def gather_sleep0(n):
    watch = Stopwatch()
    await asyncio.gather(*[asyncio.sleep(0) for _ in range(n)])
    return watch.stop(n)


async def sleep_loop(n):
    watch = Stopwatch()
    for _ in range(n):
        await asyncio.sleep(0)
    return watch.stop(n)


async def queue_pingpong(n):
    queue = asyncio.Queue(maxsize=1)

    async def producer():
        for i in range(n):
            await queue.put(i)

    async def consumer():
        total = 0
        for _ in range(n):
            total += await queue.get()
        return total

    watch = Stopwatch()
    await asyncio.gather(asyncio.create_task(producer()), asyncio.create_task(consumer()))
    return watch.stop(n)


async def lock_contended(n):
    lock = asyncio.Lock()
    rounds = max(1, round(n / TASKS_FOR_LOCK))

    async def worker():
        for _ in range(rounds):
            async with lock:
                await asyncio.sleep(0)

    watch = Stopwatch()
    await asyncio.gather(*[asyncio.create_task(worker()) for _ in range(TASKS_FOR_LOCK)])
    return watch.stop(rounds * TASKS_FOR_LOCK)


async def timers_random(n):
    rng = random.Random(20240611)
    delays = [rng.randint(0, TIMER_MAX_MS) / 1000 for _ in range(n)]
    loop = asyncio.get_running_loop()
    all_fired = loop.create_future()
    left = n

    def fired():
        nonlocal left
        left -= 1
        if left == 0:
            all_fired.set_result(None)

    watch = Stopwatch()
    for delay in delays:
        loop.call_later(delay, fired)
    await all_fired
    return watch.stop(n)


async def sleeper():
    await asyncio.sleep(HOUR_S)


async def memory_sleeping(n):
    watch = Stopwatch(collect=True)
    for _ in range(n):
        asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    return watch.stop(n)


WORKLOADS = {
    "spawn-await": spawn_await,
    "gather-sleep0": gather_sleep0,
    "sleep-loop": sleep_loop,
    "queue-pingpong": queue_pingpong,
    "lock-contended": lock_contended,
    "timers-random": timers_random,
    "memory-sleeping": memory_sleeping,
}


def main(argv):
    if len(argv) != 3 or argv[1] not in WORKLOADS or not argv[2].isdigit() or int(argv[2]) <= 0:
        names = ", ".join(WORKLOADS)
        print(f"usage: python3 bench_asyncio.py <workload> <n>  (workloads: {names})", file=sys.stderr)
        return 2
    workload = WORKLOADS[argv[1]]
    n = int(argv[2])

    async def measure():
        sample = await workload(n)
        print(json.dumps(sample), flush=True)
        # The memory workload leaves n sleepers behind on purpose: leave without cancelling them.
        os._exit(0)

    asyncio.run(measure())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
