"""Execute a Jupyter notebook headless and write a JSON summary of every cell.

Usage (with the project's venv python):

    .venv/bin/python tools/nbrun.py NOTEBOOK.ipynb [--kernel deno]
        [--out executed.ipynb] [--json summary.json] [--timeout 120]
        [--rerun-tag TAG] [--allow-errors | --stop-on-error] [--interrupt-on-timeout]

The notebook runs with its own folder as the working directory, so relative
imports and data paths behave as in JupyterLab. The kernel is looked up by
name through JUPYTER_PATH (put the project's `.venv/share/jupyter` first).

With --rerun-tag TAG, after the full run the cells tagged TAG are executed a
second time in the same kernel; their outputs are recorded under "reruns" in
the summary (the executed notebook keeps the outputs of the second run).

Errors in cells are recorded, not raised, unless --stop-on-error is given.
A failure to start the kernel is recorded as "kernel_error". The exit code is
0 when every cell ran without error, 1 when a cell failed, 2 on a runner or
kernel failure.
"""

from __future__ import annotations

import argparse
import asyncio
import queue
import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

try:
    import nbformat
    from jupyter_core.utils import ensure_async
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionComplete, CellExecutionError, CellTimeoutError, DeadKernelError
except ImportError as e:  # pragma: no cover - depends on the interpreter
    sys.exit(f"nbrun.py needs nbclient and nbformat ({e}). Run it with the project's venv: "
             ".venv/bin/python tools/nbrun.py … (`deno task test` creates the venv).")

SOURCE_HEAD = 200
VERDICT_MIME = "text/x-emlab-verdict"  # an exercise check's outcome (lib/exercises/verdict.ts)


def output_summary(output: dict[str, Any]) -> dict[str, Any]:
    """The type of one output and, for data outputs, its MIME types."""
    kind = output.get("output_type", "")
    entry: dict[str, Any] = {"output_type": kind}
    if kind in ("display_data", "execute_result"):
        entry["mime_types"] = sorted(output.get("data", {}).keys())
        display_id = output.get("transient", {}).get("display_id")
        if display_id:
            entry["display_id"] = display_id
        verdict = output.get("data", {}).get(VERDICT_MIME)
        if verdict:
            entry["verdict"] = json.loads(verdict) if isinstance(verdict, str) else verdict
            entry["text"] = str(output.get("data", {}).get("text/plain", ""))
    elif kind == "stream":
        entry["name"] = output.get("name", "")
        entry["text_head"] = str(output.get("text", ""))[:SOURCE_HEAD]
    elif kind == "error":
        entry["ename"] = output.get("ename", "")
        entry["evalue"] = output.get("evalue", "")
    return entry


def cell_summary(index: int, cell: Any, seconds: float | None,
                 failure: dict[str, str] | None = None) -> dict[str, Any]:
    """Index, tags, source head, outputs and the first error of one cell."""
    outputs = cell.get("outputs", []) if cell.cell_type == "code" else []
    error = failure or next((o for o in outputs if o.get("output_type") == "error"), None)
    return {
        "index": index,
        "cell_type": cell.cell_type,
        "tags": list(cell.get("metadata", {}).get("tags", [])),
        "source_head": cell.source[:SOURCE_HEAD],
        "execution_count": cell.get("execution_count"),
        "outputs": [output_summary(o) for o in outputs],
        "error": {"ename": error.get("ename", ""), "evalue": error.get("evalue", "")}
        if error
        else None,
        "seconds": seconds,
    }


class TimedClient(NotebookClient):
    """A NotebookClient that records the wall time of every cell it runs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cell_seconds: dict[int, float] = {}
        self.cell_failures: dict[int, dict[str, str]] = {}

    # The Deno kernel can publish a cell's last stream or execute_result just
    # after its "idle" status; nbclient stops listening at "idle". Keep
    # listening briefly for late messages of the same cell.
    late_output_grace = 0.15

    async def _async_poll_output_msg(self, parent_msg_id: str, cell: Any, cell_index: int) -> None:
        await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
        assert self.kc is not None
        while True:
            try:
                msg = await ensure_async(
                    self.kc.iopub_channel.get_msg(timeout=self.late_output_grace))
            except queue.Empty:
                return
            if msg["parent_header"].get("msg_id") != parent_msg_id:
                continue
            if msg["msg_type"] in ("stream", "execute_result", "display_data",
                                   "update_display_data", "error"):
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    pass

    async def _check_raise_for_error(self, cell: Any, cell_index: int, exec_reply: Any) -> None:
        # The Deno kernel answers a cell that does not compile (a syntax error)
        # with an error reply and no error output: record the reply's error.
        content = (exec_reply or {}).get("content", {})
        if content.get("status") == "error" and not any(
                o.get("output_type") == "error" for o in cell.get("outputs", [])):
            self.cell_failures.setdefault(cell_index, {
                "ename": str(content.get("ename") or "Error"),
                "evalue": str(content.get("evalue") or ""),
            })
        return await super()._check_raise_for_error(cell, cell_index, exec_reply)

    async def _async_handle_timeout(self, timeout: int, cell: Any = None) -> Any:
        # With --interrupt-on-timeout the kernel is interrupted and the run goes
        # on; record which cell ran out of time.
        if self.interrupt_on_timeout and cell is not None:
            index = next((i for i, c in enumerate(self.nb.cells) if c is cell), None)
            if index is not None:
                self.cell_failures[index] = {
                    "ename": "CellTimeoutError",
                    "evalue": f"the cell ran longer than {timeout} s and was interrupted",
                }
        return await super()._async_handle_timeout(timeout, cell)

    async def timed_execute_cell(self, cell: Any, index: int) -> None:
        start = time.perf_counter()
        try:
            await self.async_execute_cell(cell, index)
        except (CellTimeoutError, DeadKernelError) as e:
            # No error output reaches the notebook; record it for the summary.
            self.cell_failures[index] = {"ename": type(e).__name__, "evalue": str(e).split("\n")[0]}
            raise
        finally:
            self.cell_seconds[index] = round(time.perf_counter() - start, 4)


async def execute(client: TimedClient, nb: Any, cwd: str, rerun_tag: str | None,
                  summary: dict[str, Any]) -> None:
    """Run every cell, then the cells tagged rerun_tag again, filling summary."""
    async with client.async_setup_kernel(cwd=cwd):
        try:
            for index, cell in enumerate(nb.cells):
                await client.timed_execute_cell(cell, index)
        except CellExecutionError:
            pass  # only with --stop-on-error; the error is in the cell's outputs
        summary["cells"] = [cell_summary(i, c, client.cell_seconds.get(i),
                                         client.cell_failures.get(i))
                            for i, c in enumerate(nb.cells)]
        if rerun_tag:
            for index, cell in enumerate(nb.cells):
                if rerun_tag not in cell.get("metadata", {}).get("tags", []):
                    continue
                client.cell_seconds.pop(index, None)
                try:
                    await client.timed_execute_cell(cell, index)
                except CellExecutionError:
                    pass
                summary["reruns"].append(cell_summary(index, cell, client.cell_seconds.get(index)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--kernel", default="deno", help="kernelspec name (default: deno)")
    parser.add_argument("--out", type=Path, help="write the executed notebook here")
    parser.add_argument("--json", type=Path, help="write the JSON summary here (else stdout)")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell (default 120)")
    parser.add_argument("--startup-timeout", type=int, default=120, help="kernel start seconds")
    parser.add_argument("--interrupt-on-timeout", action="store_true",
                        help="interrupt a cell that runs out of time and go on with the next")
    parser.add_argument("--rerun-tag", help="re-execute cells with this tag after the full run")
    errors = parser.add_mutually_exclusive_group()
    errors.add_argument("--allow-errors", dest="allow_errors", action="store_true", default=True,
                        help="record cell errors and go on (default)")
    errors.add_argument("--stop-on-error", dest="allow_errors", action="store_false",
                        help="stop at the first cell error")
    args = parser.parse_args(argv)

    path: Path = args.notebook.resolve()
    summary: dict[str, Any] = {
        "notebook": str(path),
        "kernel": args.kernel,
        "cells": [],
        "reruns": [],
        "kernel_error": None,
        "wall_seconds": None,
        "ok": False,
    }
    started = time.perf_counter()
    nb = None
    client = None
    try:
        nb = nbformat.read(path, as_version=4)
        client = TimedClient(
            nb,
            kernel_name=args.kernel,
            timeout=args.timeout,
            startup_timeout=args.startup_timeout,
            allow_errors=args.allow_errors,
            interrupt_on_timeout=args.interrupt_on_timeout,
            resources={"metadata": {"path": str(path.parent)}},
        )
        asyncio.run(execute(client, nb, str(path.parent), args.rerun_tag, summary))
    except (DeadKernelError, CellTimeoutError, RuntimeError, OSError, ValueError) as e:
        summary["kernel_error"] = f"{type(e).__name__}: {e}"
        if nb is not None:
            seconds = client.cell_seconds if client is not None else {}
            failures = client.cell_failures if client is not None else {}
            summary["cells"] = [cell_summary(i, c, seconds.get(i), failures.get(i))
                                for i, c in enumerate(nb.cells)]
    except Exception as e:  # noqa: BLE001 - the summary must still be written
        summary["kernel_error"] = f"{type(e).__name__}: {e}\n{traceback.format_exc()}"
    summary["wall_seconds"] = round(time.perf_counter() - started, 3)
    failed = any(c["error"] for c in summary["cells"]) or any(c["error"] for c in summary["reruns"])
    summary["ok"] = summary["kernel_error"] is None and not failed

    if args.out and nb is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, args.out)
    text = json.dumps(summary, indent=2, ensure_ascii=False)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    if summary["kernel_error"] is not None:
        return 2
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    sys.exit(main())
