"use client";

import { useCallback, useSyncExternalStore } from "react";
import { applySidebarHidden, SIDEBAR_STORAGE_KEY } from "./saved-preferences";

const CHANGED = "vaultline:sidebar";

// The truth is <html data-sidebar>, set before the first paint from localStorage; this store only reads it.
function subscribe(onChange: () => void) {
  function onStorage(event: StorageEvent) {
    if (event.key !== SIDEBAR_STORAGE_KEY) return;
    applySidebarHidden(event.newValue === "hidden"); // chosen in another tab
    onChange();
  }
  window.addEventListener(CHANGED, onChange);
  window.addEventListener("storage", onStorage);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener("storage", onStorage);
  };
}
const isHidden = () => document.documentElement.getAttribute("data-sidebar") === "hidden";
const shownOnServer = () => false;

/** Whether the desktop sidebar is hidden by choice, and a setter that remembers the choice in this browser. */
export function useSidebarHidden() {
  const hidden = useSyncExternalStore(subscribe, isHidden, shownOnServer);
  const setHidden = useCallback((next: boolean) => {
    applySidebarHidden(next);
    try {
      if (next) localStorage.setItem(SIDEBAR_STORAGE_KEY, "hidden");
      else localStorage.removeItem(SIDEBAR_STORAGE_KEY);
    } catch {
      // Storage refused (private mode, quota): the choice holds for this page only.
    }
    window.dispatchEvent(new Event(CHANGED));
  }, []);
  return [hidden, setHidden] as const;
}
