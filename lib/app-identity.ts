/** What the browser shows of the app outside its pages: the tab title, the installed app (app/manifest.ts), the window frame. */
export const APP_NAME = "Vaultline";
export const APP_DESCRIPTION =
  "The password manager for MSPs: every credential filed under the customer, contact or device it belongs to.";

/** The top bar's colour in each theme (white, and white as globals.css remaps it in the dark), for the window frame. */
export const THEME_COLOR = { light: "#ffffff", dark: "#0f172b" } as const;
/** The page's colour in the light theme (slate-50), for the installed app's splash screen. */
export const SPLASH_BACKGROUND = "#f8fafc";
