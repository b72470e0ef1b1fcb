import type { MetadataRoute } from "next";
import { APP_DESCRIPTION, APP_NAME, SPLASH_BACKGROUND, THEME_COLOR } from "@/lib/app-identity";

/**
 * The web app manifest (served at /manifest.webmanifest, linked from every page), which makes Vaultline installable.
 * Deliberately no service worker: Chromium installs without one (since 108 on mobile, 112 on desktop), and one that
 * cached pages or API answers would keep secrets on the device. The PNGs in public/icons are app/icon.svg rendered
 * with rsvg-convert; the maskable one puts the shield on a full-bleed tile inside the 80% safe zone.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: APP_NAME,
    short_name: APP_NAME,
    description: APP_DESCRIPTION,
    start_url: "/",
    scope: "/",
    display: "standalone",
    // The light theme's page and top bar; the dark theme's colours come from the viewport's media-dependent theme-color.
    background_color: SPLASH_BACKGROUND,
    theme_color: THEME_COLOR.light,
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
