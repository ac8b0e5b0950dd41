"""Write on two cores: a forked helper writes about half of the pages, the build the rest.

When Pelican creates its writer, every generator has built its context and nothing is written
yet. With a second core, enough texts to pay for a process (SPLIT_MIN) and memory for it (below),
the build forks there. Both run the generators' output, each writer writing only its own share
of the files: a file belongs to one of the two by a stable hash of its name, so two pages written
to one file (which Pelican lets an override_output page do) are written by one process, in
Pelican's order, and the dossier's data files are shared out like its pages (pages.py asks the
writer). Pelican's static files are the build's: the generators in BUILD_ONLY do not run in the
helper. At `finalized`, before the plugin's bookkeeping reads what was written, the build waits
for the helper and takes over what it did as if it had written those files itself (join()).
Before either writes, each walks half of what the pages show and they trade the digests
(share_digests()). A helper that failed fails the build with its error; a build that fails in
its own share takes its helper with it (_end_with(), and incremental.stop_helpers() when the
process builds again).

Memory: the helper shares the build's memory until either writes to it, and may come to copy all
of it; writing adds about half again. A helper starts only when 2.5 times the build's resident
memory fits DOSSIER_MEMORY_MB (1,200 MB by default). DOSSIER_SPLIT = False never starts one.
"""

from __future__ import annotations

import ctypes
import logging
import os
import pickle
import resource
import signal
import traceback
import zlib
from time import perf_counter

from pelican.generators import SourceFileGenerator, StaticGenerator

log = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends
SPLIT_MIN = 200  # fewer texts than this: the fork costs more than the second core saves
MEMORY_FACTOR = 2.5  # the build's memory, the helper's copy of it, and what writing adds
BUILD_ONLY = (StaticGenerator, SourceFileGenerator)  # their output is copied files, not pages
_GENERATORS: dict[str, list] = {}  # output path -> this build's generators, until its writer starts


def remember(generators) -> None:
    """all_generators_finalized handler: the generators the helper will write the output of."""
    generators = list(generators)
    if generators:
        _GENERATORS[generators[0].output_path] = generators


def owner(name: str) -> int:
    """Which process writes a file: 0 the build, 1 the helper (the same in every process)."""
    return zlib.crc32(os.path.normpath(name).encode("utf-8")) & 1


def start(writer) -> None:
    """Fork the helper if it pays and memory allows; in the helper, write its share and exit.

    Called by the writer once it is set up; returns in the build only.
    """
    generators = _GENERATORS.pop(writer.output_path, None)
    if not generators or not writer.settings["DOSSIER_SPLIT"]:
        return
    texts = sum(len(getattr(g, "articles", ())) + len(getattr(g, "pages", ())) for g in generators)
    if len(os.sched_getaffinity(0)) < 2 or texts < SPLIT_MIN:
        return
    budget, resident = int(writer.settings["DOSSIER_MEMORY_MB"]), resident_bytes() >> 20
    if MEMORY_FACTOR * resident > budget:
        log.info(
            "writing in one process: %s x %d MB resident is more than DOSSIER_MEMORY_MB (%d)",
            MEMORY_FACTOR,
            resident,
            budget,
        )
        return
    roots = digest_roots(generators)
    pipes = [os.pipe() for _ in range(3)]  # the helper's report, and digests each way
    (read_end, write_end), (from_helper, to_build), (from_build, to_helper) = pipes
    build = os.getpid()
    try:
        pid = os.fork()
    except OSError as error:
        for fd in (fd for pair in pipes for fd in pair):
            os.close(fd)
        log.warning("writing in one process: cannot start a helper (%s)", error)
        return
    if pid == 0:  # the helper: never returns
        for fd in (read_end, from_helper, to_helper):
            os.close(fd)
        trade = (os.fdopen(from_build, "rb"), os.fdopen(to_build, "wb"))
        _run_helper(writer, generators, write_end, build, roots, trade)
    for fd in (write_end, to_build, from_build):
        os.close(fd)
    writer.part = 0
    writer.helper_process = (pid, os.fdopen(read_end, "rb"))
    log.info("writing on two processes (helper %d)", pid)
    share_digests(writer, roots, 0, os.fdopen(from_helper, "rb"), os.fdopen(to_helper, "wb"))


def share_digests(writer, roots: list, part: int, receive, send) -> None:
    """Walk this process's half of what the pages show (digest.py) and trade digests with the
    other process: the helper sends first, then receives; the build receives, then sends. Most
    of what page digests walk is shown by pages of both processes (a text on its page, in the
    archives and feeds, with the texts related to it, on the pages of its people), so each
    walked nearly all of it: 2 s of a 6 s build that changed nothing, in each. Now each walks
    every other root. What the other process cannot send is walked where a page shows it."""
    if not writer.enabled:  # no digests: nothing to trade
        receive.close()
        send.close()
        return
    started = perf_counter()
    writer.hasher.prepare(roots, part, 2)
    entries = []
    try:
        if part == 1:
            pickle.dump(writer.hasher.known(roots), send, protocol=pickle.HIGHEST_PROTOCOL)
            send.flush()
            entries = pickle.load(receive)
        else:
            entries = pickle.load(receive)
            pickle.dump(writer.hasher.known(roots), send, protocol=pickle.HIGHEST_PROTOCOL)
            send.flush()
    except (OSError, EOFError, pickle.UnpicklingError) as error:
        log.debug("digests: none from the other process (%s)", error)
    finally:
        receive.close()
        send.close()
    writer.hasher.adopt(roots, entries)
    writer.digest_seconds += perf_counter() - started


def digest_roots(generators) -> list:
    """What many pages show: every text that is written, by source path (as model.py resolves
    their links: walking a text reads its content, which may move an {attach}ed file, and a
    text left out of the build must not), and what each generator offers as its
    digest_roots() (the dossier's records and profiles); each once."""
    generators = list(generators)
    texts = generators[0].context.get("generated_content", {}) if generators else {}
    roots = [text for _, text in sorted(texts.items()) if text is not None and text.save_as]
    for generator in generators:
        roots.extend(getattr(generator, "digest_roots", list)())
    return list({id(value): value for value in roots}.values())


def _end_with(build: int) -> None:
    """Have the kernel stop this helper when the build's process ends (Linux), so a build that
    fails in its own share leaves no helper writing into its output."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: stopped at the next build's start instead
        pass
    if os.getppid() != build:  # the build ended before the helper could ask
        os._exit(1)


def _run_helper(writer, generators, pipe: int, build: int, roots: list, trade) -> None:
    code, result = 1, None
    try:
        _end_with(build)
        writer.part = 1
        share_digests(writer, roots, 1, *trade)
        for generator in generators:
            if hasattr(generator, "generate_output") and not isinstance(generator, BUILD_ONLY):
                generator.generate_output(writer)
        result, code = writer.handover(), 0
    except BaseException:  # noqa: BLE001 - reported to the build, which fails with it
        result = {"error": traceback.format_exc()}
    finally:
        try:
            with os.fdopen(pipe, "wb") as handle:
                pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            os._exit(code)


def join(writer) -> dict:
    """Wait for the writer's helper and return what it did; raise if it failed."""
    pid, pipe = writer.helper_process
    writer.helper_process = None
    try:
        with pipe:
            result = pickle.load(pipe)
    except (EOFError, pickle.UnpicklingError) as error:
        result = {"error": f"no report from the helper ({error})"}
    _, status = os.waitpid(pid, 0)
    if not isinstance(result, dict) or "error" in result or status != 0:
        detail = result.get("error") if isinstance(result, dict) else repr(result)
        raise RuntimeError(
            f"the helper writing half of the pages failed (status {status}):\n{detail}"
        )
    return result


def abandon(writer) -> None:
    """Stop the helper of a build that failed before it could wait for it."""
    if getattr(writer, "helper_process", None) is None:
        return
    pid, pipe = writer.helper_process
    writer.helper_process = None
    pipe.close()  # the helper's report has nowhere to go: it ends
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def resident_bytes() -> int:
    """This process's resident memory now (Linux), or its peak where that is not known."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
