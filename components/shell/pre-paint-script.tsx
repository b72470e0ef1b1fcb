import { THEME_COLOR } from "@/lib/app-identity";
import { applySidebarHidden, applyThemeColor, SIDEBAR_STORAGE_KEY } from "./saved-preferences";
import { THEME_STORAGE_KEY } from "./theme";

const json = JSON.stringify;
// Built once: the saved choices applied before the first paint (next-themes does the same for the theme class).
const code =
  `try{(${applyThemeColor.toString()})(localStorage.getItem(${json(THEME_STORAGE_KEY)}),${json(THEME_COLOR)});` +
  `(${applySidebarHidden.toString()})(localStorage.getItem(${json(SIDEBAR_STORAGE_KEY)})==="hidden")}catch(e){}`;

/**
 * Applies the saved window-frame colour and sidebar state before the page paints, so neither flashes the wrong way
 * (it carries the CSP nonce like next-themes' own script).
 */
export function PrePaintScript({ nonce }: { nonce?: string }) {
  // The browser hides a nonce from the DOM once the script has run, so hydration sees it differ.
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: code }} />;
}
