import type { Metadata } from "next";
import type { ReactNode } from "react";
import { TrpcProvider } from "@/components/providers/trpc-provider";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Vaultline", template: "%s · Vaultline" },
  description: "The password manager for MSPs: every credential filed under the customer, contact or device it belongs to.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <TrpcProvider>{children}</TrpcProvider>
      </body>
    </html>
  );
}
