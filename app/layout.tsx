import type { Metadata } from "next";
import type { ReactNode } from "react";
import { headers } from "next/headers";
import { TrpcProvider } from "@/components/providers/trpc-provider";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Vaultline", template: "%s · Vaultline" },
  description: "The password manager for MSPs: every credential filed under the customer, contact or device it belongs to.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, so Next.js can stamp the CSP nonce from
  // proxy.ts on its scripts (a prerendered page would carry none and be blocked).
  await headers();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <TrpcProvider>{children}</TrpcProvider>
      </body>
    </html>
  );
}
