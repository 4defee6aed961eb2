"""A pool of sandboxed kernels for one grading run: kernels started ahead, and their cleanup.

A sandboxed kernel takes about a second of CPU to start (Python, numpy, matplotlib). A worker
grading many notebooks in a row asks for the next notebook's kernel while it runs the current one
(`take(..., ahead=True)`), so that start-up overlaps grading. The pool owns every kernel it
started and not yet handed out, the matplotlib font cache its sandboxes share, and the sandbox
programs it checked can start (`preflight`); `close` (or leaving its `with`) stops and removes
them all. One pool per worker and grading run: nothing outlives it.
"""

import shutil
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from jupyter_core.utils import run_sync
from traitlets.config import Config

from .sandbox import Sandbox, SandboxedKernelManager, Workspace, build_matplotlib_cache


class KernelPool:
    """Sandboxed kernels for one worker's notebooks; a context manager, safe across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ahead: list[SandboxedKernelManager] = []  # started, not yet handed out
        self._checked: set[str] = set()  # sandbox programs that started a sandbox here
        self._fonts: Path | None = None
        self._closed = False

    def __enter__(self) -> "KernelPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def waiting(self) -> tuple[SandboxedKernelManager, ...]:
        """The kernels started ahead, not yet handed out."""
        with self._lock:
            return tuple(self._ahead)

    def preflight(self, sandbox: Sandbox) -> None:
        """Check once per pool that `sandbox` can start (SandboxUnavailable if not)."""
        program = sandbox.program()
        if program not in self._checked:
            sandbox.preflight()
            self._checked.add(program)

    def take(
        self,
        sandbox: Sandbox,
        kernel_name: str,
        arguments: Sequence[str],
        config: Config,
        ahead: bool = False,
    ) -> SandboxedKernelManager:
        """A started sandboxed kernel for one notebook (its workspace is `km.workspace`; give it
        back with `stop`): one started ahead with the same settings if one still runs, else a
        new one. With `ahead`, the next notebook's kernel starts at once."""
        key = _key(sandbox, kernel_name, arguments)
        kernel = self._pop(key)
        if kernel is None:
            kernel = self._start(sandbox, kernel_name, arguments, config, key)
        if ahead:
            started = self._start(sandbox, kernel_name, arguments, config, key)
            with self._lock:
                closed = self._closed
                if not closed:
                    self._ahead.append(started)
            if closed:
                self.stop(started)
        return kernel

    def stop(self, km: SandboxedKernelManager) -> None:
        """End a sandboxed kernel at once (the sandbox and all in it go with it) and remove its
        workspace."""
        try:
            run_sync(km.shutdown_kernel)(now=True)
        except RuntimeError:  # it had ended already
            pass
        finally:
            km.workspace.close()

    def close(self) -> None:
        """Stop the kernels started ahead (there is no next notebook) and remove the font
        cache."""
        with self._lock:
            self._closed, kernels, self._ahead = True, self._ahead, []
        for km in kernels:
            self.stop(km)
        if self._fonts is not None:
            shutil.rmtree(self._fonts, ignore_errors=True)
            self._fonts = None

    def _pop(self, key: str) -> SandboxedKernelManager | None:
        """A kernel started ahead with these settings that still runs, or None. Those started
        with other settings (an earlier assignment's) and those that ended are stopped."""
        with self._lock:
            stale = [km for km in self._ahead if km.key != key]
            matching = [km for km in self._ahead if km.key == key]
            found, self._ahead = (matching[0], matching[1:]) if matching else (None, [])
        for km in stale:
            self.stop(km)
        if found is not None and not run_sync(found.is_alive)():
            self.stop(found)
            return self._pop(key)
        return found

    def _start(self, sandbox, kernel_name, arguments, config, key) -> SandboxedKernelManager:
        workspace = Workspace(uid=sandbox.kernel_user(), matplotlib_cache=self._font_cache())
        km = SandboxedKernelManager(
            kernel_name=kernel_name, sandbox=sandbox, workspace=workspace, config=config
        )
        km.key = key
        try:
            run_sync(km.start_kernel)(extra_arguments=list(arguments))
        except BaseException:
            workspace.close()
            raise
        return km

    def _font_cache(self) -> Path:
        with self._lock:
            if self._fonts is None:
                self._fonts = Path(tempfile.mkdtemp(prefix="nn-sandbox-matplotlib-"))
                build_matplotlib_cache(self._fonts)
            return self._fonts


def _key(sandbox: Sandbox, kernel_name: str, arguments: Sequence[str]) -> str:
    """What a kernel started ahead must share with the notebook it is given to."""
    return repr((kernel_name, list(arguments), sorted(sandbox.trait_values(config=True).items())))
