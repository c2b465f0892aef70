"""``python -m benchmarks.peer WORKSPACE``: the answer set peer on every proposal of a
workspace, timed after load; ``--compare`` checks them with Parley too, times that, and
fails unless the two agree on every status, party verdict, demand score and verdict."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import parley

from .asp import Peer, disagreements


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    ws = parley.load(args.workspace)
    proposals = ws.proposals()
    start = time.process_time()
    peer = Peer(ws.loaded, proposals)
    theirs = [peer.check(p) for p in proposals]
    peer_cpu = time.process_time() - start
    statuses = sum(len(r.items) for r in theirs)
    print(f"peer: {len(proposals)} proposals, {statuses} statuses, {peer_cpu:.2f} s CPU "
          "after load")
    if not args.compare:
        return 0
    start = time.process_time()
    mine = [ws.check(p) for p in proposals]
    parley_cpu = time.process_time() - start
    print(f"parley: {parley_cpu:.2f} s CPU after load; Parley / peer "
          f"{parley_cpu / peer_cpu:.2f}")
    found = [f"{p.id}: {line}" for p, a, b in zip(proposals, mine, theirs, strict=True)
             for line in disagreements(a, b)]
    for line in found:
        print(line, file=sys.stderr)
    print("agree on every status" if not found else f"{len(found)} disagreements")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
