import type { Metadata } from "next";
import type { ReactNode } from "react";
import { headers } from "next/headers";
import { ThemeProvider } from "next-themes";
import { TrpcProvider } from "@/components/providers/trpc-provider";
import { THEME_STORAGE_KEY } from "@/components/shell/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Vaultline", template: "%s · Vaultline" },
  description: "The password manager for MSPs: every credential filed under the customer, contact or device it belongs to.",
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
        <ThemeProvider attribute="class" defaultTheme="system" enableSystem storageKey={THEME_STORAGE_KEY} nonce={nonce} disableTransitionOnChange>
          <TrpcProvider>{children}</TrpcProvider>
        </ThemeProvider>
      </body>
    </html>
  );
}
