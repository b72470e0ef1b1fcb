"use client";

import * as RadixToast from "@radix-ui/react-toast";
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from "react";

type Toast = { id: number; message: string; tone: "success" | "error" };
type ShowToast = (message: string, tone?: Toast["tone"]) => void;

const ToastContext = createContext<ShowToast | null>(null);

/** The landmark Radix puts around the toasts (its name ends with the key that focuses it, F8). */
export const TOASTS_LABEL = "Notifications";

/**
 * Short-lived notices in the bottom-right corner, on Radix's toast: announced to screen readers (an error at once,
 * others politely), kept while hovered or focused, swiped away to the right. At most three at a time.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const show = useCallback<ShowToast>((message, tone = "success") => {
    const id = nextId.current++;
    setToasts((list) => [...list.slice(-2), { id, message, tone }]);
  }, []);

  return (
    <ToastContext.Provider value={show}>
      <RadixToast.Provider duration={4000} label={TOASTS_LABEL} swipeDirection="right">
        {children}
        {toasts.map((t) => (
          <RadixToast.Root
            key={t.id}
            type={t.tone === "error" ? "foreground" : "background"}
            onOpenChange={(open) => (open ? undefined : setToasts((list) => list.filter((other) => other.id !== t.id)))}
            className={`rounded-md px-4 py-2.5 text-sm font-medium shadow-lg data-[swipe=move]:translate-x-(--radix-toast-swipe-move-x) ${
              t.tone === "error" ? "bg-red-700 text-white" : "bg-slate-900 text-white"
            }`}
          >
            <RadixToast.Description>{t.message}</RadixToast.Description>
          </RadixToast.Root>
        ))}
        {/* Above an open dialog's backdrop (z-40/50), so a copy made in a dialog shows its notice. */}
        <RadixToast.Viewport className="fixed right-4 bottom-4 z-[60] m-0 flex max-w-[calc(100vw-2rem)] list-none flex-col items-end gap-2 p-0 outline-none" />
      </RadixToast.Provider>
    </ToastContext.Provider>
  );
}

/** Shows a toast; outside a ToastProvider it does nothing. */
export function useToast(): ShowToast {
  return useContext(ToastContext) ?? noop;
}

function noop() {}
