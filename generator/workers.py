"""Killable worker processes: one function over many tasks, with a time limit per task.

Guarantees:

* Every task runs in a worker process, one task at a time per worker
  (forked where the platform allows, so a worker starts with what the parent
  has loaded: registries, and whatever a test patched). Each result is
  handed to the caller with its task's index as soon as it comes back,
  whatever order the tasks finish in, and is not kept here: the caller
  decides what stays in memory.
* A task still running ``time_limit`` seconds after it was handed out has
  its worker killed; its result is ``on_timeout(task)``. A worker that dies
  (a crash in C code, out of memory, killed from outside) gives
  ``on_death(task, exitcode)``. The other tasks go on in fresh workers.
* The parent never polls or sleeps: it waits on the workers' pipes with the
  nearest deadline as the timeout (``multiprocessing.connection.wait``).
* When the parent stops early (an exception, Ctrl-C), every worker is killed
  before :func:`run_tasks` returns or raises.
"""
from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _serve(function: Callable, connection: Connection) -> None:
    """A worker's loop: receive (index, task), send (index, result), until None
    or until the parent is gone. Ctrl-C is the parent's to handle: it kills
    the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, task = message
        connection.send((index, function(*task)))


@dataclass
class _Worker:
    process: Any
    connection: Connection
    index: int | None = None
    task: tuple | None = None
    deadline: float | None = None


def run_tasks(
    function: Callable,
    tasks: Sequence[tuple],
    workers: int,
    time_limit: float | Callable[[tuple], float | None] | None,
    on_timeout: Callable[[tuple], Any],
    on_death: Callable[[tuple, int | None], Any],
    on_result: Callable[[int, Any], None],
) -> None:
    """``function(*task)`` for every task, computed in up to ``workers`` processes;
    ``on_result(index, result)`` is called as each task finishes.

    ``function`` must be importable by name (it is pickled when the platform
    cannot fork); ``time_limit`` is seconds per task, or a function of the
    task giving them; None or 0 means no limit.
    """
    pending = deque(range(len(tasks)))
    context = _context()
    pool: list[_Worker] = []

    def start() -> _Worker:
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(function, child), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def hand_out(worker: _Worker) -> None:
        if not pending:
            worker.index = worker.task = worker.deadline = None
            return
        worker.index = pending.popleft()
        worker.task = tuple(tasks[worker.index])
        limit = time_limit(worker.task) if callable(time_limit) else time_limit
        worker.deadline = time.monotonic() + limit if limit else None
        worker.connection.send((worker.index, worker.task))

    def replace(worker: _Worker) -> _Worker:
        _kill(worker)
        fresh = start()
        pool[pool.index(worker)] = fresh
        return fresh

    try:
        for _ in range(min(max(workers, 1), len(tasks))):
            worker = start()
            pool.append(worker)
            hand_out(worker)
        while any(worker.index is not None for worker in pool):
            busy = [worker for worker in pool if worker.index is not None]
            deadlines = [worker.deadline for worker in busy if worker.deadline is not None]
            timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready = wait([worker.connection for worker in busy], timeout)
            for worker in busy:
                if worker.connection in ready:
                    try:
                        index, result = worker.connection.recv()
                    except (EOFError, OSError):
                        worker.process.join()
                        on_result(worker.index, on_death(worker.task, worker.process.exitcode))
                        worker = replace(worker)
                    else:
                        on_result(index, result)
                    hand_out(worker)
                elif worker.deadline is not None and time.monotonic() >= worker.deadline:
                    on_result(worker.index, on_timeout(worker.task))
                    hand_out(replace(worker))
        for worker in pool:
            worker.connection.send(None)
            worker.process.join()
    finally:
        for worker in pool:
            _kill(worker)


def _kill(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()
    worker.connection.close()
