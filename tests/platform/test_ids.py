"""Prediction ids: random bytes read in blocks, never handed out twice, not across a fork."""

from __future__ import annotations

import os
import threading

from fembalance_ml.security.ids import PREDICTION_ID_LENGTH, PredictionIds, RandomBytes

IDS = PredictionIds(b"k" * 32)


def test_slices_never_repeat_and_blocks_refill() -> None:
    source = RandomBytes(block_bytes=64)
    slices = [source.take(16) for _ in range(40)]  # 10 blocks
    assert all(len(s) == 16 for s in slices)
    assert len(set(slices)) == len(slices)
    assert len(source.take(1000)) == 1000  # larger than a block


def test_threads_get_disjoint_bytes() -> None:
    source = RandomBytes(block_bytes=256)
    taken: list[bytes] = []
    lock = threading.Lock()

    def work() -> None:
        mine = [source.take(16) for _ in range(500)]
        with lock:
            taken.extend(mine)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(taken)) == len(taken) == 2000


def test_a_forked_child_does_not_reuse_the_parents_block() -> None:
    source = RandomBytes()
    source.take(16)  # the parent now holds a block with unused bytes
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report its next slice, then leave at once
        os.close(read)
        os.write(write, source.take(16))
        os._exit(0)
    os.close(write)
    child = os.read(read, 16)
    os.close(read)
    os.waitpid(pid, 0)
    assert len(child) == 16
    assert child != source.take(16)


def test_ids_are_distinct_and_sort_by_their_second() -> None:
    ids = [IDS.issue("client")[0] for _ in range(1000)] + IDS.issue(None, 1000)
    assert len(set(ids)) == 2000
    assert all(len(i) == PREDICTION_ID_LENGTH == 40 for i in ids)
    seconds = {i[:8] for i in ids}
    assert all(int(s, 16) > 0 for s in seconds)
