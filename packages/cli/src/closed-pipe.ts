// A reader that stops early (`castore ls -R | head -1`) closes our stdout, and the next write
// fails with EPIPE. The output is simply no longer wanted, so the command ends there: at once,
// quietly, with status 0, as a shell command killed by SIGPIPE would (Node ignores SIGPIPE, which
// leaves the write error as an unhandled 'error' event and a stack trace). Handled here, once for
// every command, so no command needs its own check.

/** Whether `e` is a write to a pipe (or socket) whose reader has gone. */
export function isClosedPipe(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | null)?.code === "EPIPE";
}

/**
 * From now on a closed stdout ends the process with status 0 and nothing on stderr; a closed
 * stderr is ignored (there is nobody left to tell), so the command still finishes its work.
 */
export function endQuietlyWhenOutputCloses(): void {
  process.stdout.on("error", (e) => {
    if (isClosedPipe(e)) process.exit(0);
    throw e;
  });
  process.stderr.on("error", (e) => {
    if (!isClosedPipe(e)) throw e;
  });
}
