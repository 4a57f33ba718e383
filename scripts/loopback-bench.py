#!/usr/bin/env python3
"""SQS round trips per second over loopback: cmd/awssim beside moto_server.

Usage, from anywhere in the repository (needs Go, python3 with boto3, and
moto_server on the PATH, pip install 'moto[server]'):

    python3 scripts/loopback-bench.py [-seconds 3] [-rounds 5]

It builds cmd/awssim into a temporary directory, starts it and moto_server
each on a free loopback port, and measures SendMessage + ReceiveMessage +
DeleteMessage round trips per second through boto3, sequentially and with 8
concurrent workers (threads, each with its own client), against each server,
interleaved round by round so that the machine's noise falls on both; it
prints every round and the medians. A round trip is the three calls; the
rate counts round trips, not requests.

It is a measurement, not a check: it is not part of .ci/run. The client is
boto3 under Python's global interpreter lock, so with 8 workers the client
side saturates one core; on a small machine the figures bound what a boto3
test suite sees rather than what either server can serve.
"""

import statistics
import sys
import threading
import time

import servers

BODY = "order 1042: 3 × widget, ship to Ada Lovelace, 12 St James's Square, London"


def arg(name, default):
    if name in sys.argv:
        return float(sys.argv[sys.argv.index(name) + 1])
    return default


def round_trips(sqs, url, deadline):
    n = 0
    while time.perf_counter() < deadline:
        sqs.send_message(QueueUrl=url, MessageBody=BODY)
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1).get("Messages", [])
        if len(got) != 1 or got[0]["Body"] != BODY:
            sys.exit("loopback-bench: a receive did not return the message sent: %r" % got)
        sqs.delete_message(QueueUrl=url, ReceiptHandle=got[0]["ReceiptHandle"])
        n += 1
    return n


def measure(clients, seconds):
    """Round trips per second of len(clients) workers, each on its own queue
    (so that one worker's receive never takes another's message)."""
    urls = [c.create_queue(QueueName="bench-%d" % i)["QueueUrl"] for i, c in enumerate(clients)]
    counts = [0] * len(clients)
    start = time.perf_counter()
    deadline = start + seconds

    def work(i):
        counts[i] = round_trips(clients[i], urls[i], deadline)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - start)


def main():
    seconds = arg("-seconds", 3)
    rounds = int(arg("-rounds", 5))
    started = {"awssim": servers.start_awssim(), "moto": servers.start_moto()}
    try:
        # Eight clients per server, made here: boto3 clients are safe to
        # share between threads, their creation is not.
        clients = {name: [servers.client("sqs", ep) for _ in range(8)] for name, (ep, _) in started.items()}
        for name in clients:  # warm up: connections, boto3's lazy loading
            measure(clients[name][:1], 0.5)
        results = {(name, w): [] for name in clients for w in (1, 8)}
        for r in range(rounds):
            for workers in (1, 8):
                for name in clients:
                    rps = measure(clients[name][:workers], seconds)
                    results[(name, workers)].append(rps)
                    print("round %d  %-6s  %d worker(s)  %7.0f round trips/s" % (r + 1, name, workers, rps), flush=True)
        print("\nmedians over %d rounds of %gs (send+receive+delete round trips per second):" % (rounds, seconds))
        for workers in (1, 8):
            ours, moto = statistics.median(results[("awssim", workers)]), statistics.median(results[("moto", workers)])
            print("  %d worker(s): awssim %7.0f   moto_server %7.0f   ratio %.1f×" % (workers, ours, moto, ours / moto))
    finally:
        for _, stop in started.values():
            stop()


if __name__ == "__main__":
    main()
