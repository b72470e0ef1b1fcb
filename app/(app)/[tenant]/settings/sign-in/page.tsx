import type { Metadata } from "next";
import { DirectorySettings } from "@/components/directory/directory-settings";
import { SsoSettings } from "@/components/sso/sso-settings";

export const metadata: Metadata = { title: "Sign-in" };

export default async function SignInSettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return (
    <>
      <SsoSettings tenant={tenant} />
      <DirectorySettings tenant={tenant} />
    </>
  );
}
