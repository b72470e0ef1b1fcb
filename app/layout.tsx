import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { headers } from "next/headers";
import { ThemeProvider } from "next-themes";
import { TrpcProvider } from "@/components/providers/trpc-provider";
import { PrePaintScript } from "@/components/shell/pre-paint-script";
import { THEME_STORAGE_KEY } from "@/components/shell/theme";
import { ThemeColorSync } from "@/components/shell/theme-color-sync";
import { APP_DESCRIPTION, APP_NAME, THEME_COLOR } from "@/lib/app-identity";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: APP_NAME, template: `%s · ${APP_NAME}` },
  description: APP_DESCRIPTION,
};

// The window frame of the installed app (and the phone browser's bar) follows the system theme, as the pages do;
// a theme chosen in the user menu overrides both (PrePaintScript, ThemeColorSync).
export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: THEME_COLOR.light },
    { media: "(prefers-color-scheme: dark)", color: THEME_COLOR.dark },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, so Next.js can stamp the CSP nonce from
  // proxy.ts on its scripts (a prerendered page would carry none and be blocked).
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // next-themes sets the theme class on <html> before the first paint (its inline script carries the CSP nonce),
    // so the server's markup and the client's differ there by design.
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen font-sans">
        <PrePaintScript nonce={nonce} />
        <ThemeProvider attribute="class" defaultTheme="system" enableSystem storageKey={THEME_STORAGE_KEY} nonce={nonce} disableTransitionOnChange>
          <ThemeColorSync />
          <TrpcProvider>{children}</TrpcProvider>
        </ThemeProvider>
      </body>
    </html>
  );
}
