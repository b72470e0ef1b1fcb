/**
 * Look choices the browser keeps (localStorage) and applies before the first paint, from an inline script in the root
 * layout, and again from React when they change. The apply functions are serialised into that script, so each one
 * stands alone: no imports, no closures, plain DOM.
 */

/** Where the desktop sidebar's "hidden" choice is kept. */
export const SIDEBAR_STORAGE_KEY = "vaultline-sidebar";

/**
 * Points every theme-color <meta> (one per prefers-color-scheme, from the root layout's viewport) at the chosen
 * theme's colour, so the browser's frame follows the choice; "system" (or nothing saved) restores each to its own
 * scheme's colour.
 */
export function applyThemeColor(choice: string | null | undefined, colors: { light: string; dark: string }) {
  const metas = document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]');
  for (let i = 0; i < metas.length; i++) {
    const meta = metas[i]!;
    const scheme = choice === "light" || choice === "dark" ? choice : meta.media.indexOf("dark") >= 0 ? "dark" : "light";
    meta.content = colors[scheme];
  }
}

/** Marks <html> while the desktop sidebar is hidden by choice; globals.css hides the rail from it. */
export function applySidebarHidden(hidden: boolean) {
  if (hidden) document.documentElement.setAttribute("data-sidebar", "hidden");
  else document.documentElement.removeAttribute("data-sidebar");
}
