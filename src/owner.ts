// Ties the CLI's life to its owner's. A test fixture (pytest's Popen, Go's exec.Command, a shell
// script) often starts kubesim through a wrapper (npx, npm exec, npm start) and later signals or
// loses the wrapper, not the server: the server is then re-parented and would keep its port and
// the inherited stdout/stderr (so `pytest | tail` never ends). Watching the parent pid is the
// portable way to notice (Linux has PR_SET_PDEATHSIG, but Node does not expose it).

/** How often the parent pid is checked; short enough that a fixture's teardown does not wait on us. */
export const PARENT_POLL_MS = 200;

/**
 * Calls `onGone` once when this process's parent changes (the parent exited and the process was
 * re-parented to init or a subreaper). Returns a function that stops watching. The timer is
 * unref'd: it never keeps the process alive by itself.
 */
export function watchParent(onGone: (why: string) => void, pollMs = PARENT_POLL_MS): () => void {
  const first = process.ppid;
  const timer = setInterval(() => {
    const now = process.ppid;
    if (now === first) return;
    clearInterval(timer);
    onGone(`the parent process (pid ${first}) exited`);
  }, pollMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** A listen() failure as a sentence a user can act on, or undefined for anything unexpected. */
export function listenErrorMessage(err: unknown, host: string, port: number): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const where = `${host}:${port}`;
  if (code === 'EADDRINUSE') {
    return `port ${port} on ${host} is already in use (another kubesim?); choose another with --port N, or --port 0 for a free one`;
  }
  if (code === 'EACCES') return `not allowed to listen on ${where} (ports below 1024 need privileges); choose another with --port N`;
  if (code === 'EADDRNOTAVAIL') return `cannot listen on ${where}: no such address on this machine (--host)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot listen on ${where}: unknown host name (--host)`;
  return undefined;
}
