import type { TRPCLink } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { observable, type Unsubscribable } from "@trpc/server/observable";
import { isReconfirmRequired } from "@/components/forms/trpc-errors";
import { askToReconfirm } from "./reconfirm-request";

/**
 * A mutation refused because the workspace wants the user to confirm it is them again (lib/reconfirm.ts) waits for
 * the dialog and is sent once more after a confirmation; given up, it fails with the refusal as it came. Every place
 * that reveals, copies or shows a code gets this without knowing about it.
 */
export function reconfirmLink<TRouter extends AnyRouter>(): TRPCLink<TRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let current: Unsubscribable | null = null;
        let asked = false;
        const send = () => {
          current = next(op).subscribe({
            next: (value) => observer.next(value),
            complete: () => observer.complete(),
            error: (error) => {
              if (op.type !== "mutation" || asked || !isReconfirmRequired(error)) return observer.error(error);
              asked = true;
              void askToReconfirm().then((confirmed) => (confirmed ? send() : observer.error(error)));
            },
          });
        };
        send();
        return () => current?.unsubscribe();
      });
}
