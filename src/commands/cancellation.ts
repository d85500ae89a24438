// VS Code's CancellationToken (a cancellable withProgress, a wizard's Cancel) as the AbortSignal
// the services take: the PowerShell runner, the Azure SDK calls, the estate refresh, a run.

/** The part of vscode.CancellationToken used here (so the helper needs no vscode at run time). */
export interface CancellationTokenLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

/** An AbortSignal that aborts when the token is cancelled (at once when it already is). */
export function abortSignalOf(token: CancellationTokenLike): AbortSignal {
  const control = new AbortController();
  if (token.isCancellationRequested) {
    control.abort();
    return control.signal;
  }
  const subscription = token.onCancellationRequested(() => {
    subscription.dispose();
    control.abort();
  });
  return control.signal;
}

/** Runs `work` with the token's signal; when the token was cancelled, the rejection it causes is swallowed (undefined). */
export async function unlessCancelled<T>(token: CancellationTokenLike, work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
  const signal = abortSignalOf(token);
  try {
    return await work(signal);
  } catch (e) {
    if (signal.aborted) return undefined;
    throw e;
  }
}
