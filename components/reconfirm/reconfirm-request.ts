/*
 * The one open "confirm it is you" request of this tab. The tRPC link asks when a secret was refused for want of a
 * recent confirmation; the dialog answers. Requests that arrive while one is open share its answer, so a reveal and
 * a TOTP code refused together ask once.
 */

type Listener = () => void;

let pending: { promise: Promise<boolean>; settle: (confirmed: boolean) => void } | null = null;
const listeners = new Set<Listener>();
const notify = () => listeners.forEach((listener) => listener());

/** Opens the dialog (or joins the one open); true once the user has confirmed, false when they gave up. */
export function askToReconfirm(): Promise<boolean> {
  if (!pending) {
    let settle!: (confirmed: boolean) => void;
    const promise = new Promise<boolean>((resolve) => (settle = resolve));
    pending = { promise, settle };
    notify();
  }
  return pending.promise;
}

/** The dialog's answer: closes it and lets the waiting requests go on (or fail with their refusal). */
export function answerReconfirm(confirmed: boolean): void {
  const open = pending;
  pending = null;
  notify();
  open?.settle(confirmed);
}

export function subscribeReconfirm(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const isReconfirmOpen = () => pending !== null;
