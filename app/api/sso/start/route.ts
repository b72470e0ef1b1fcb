import { ssoStart } from "@/server/api/sso-http";

export const dynamic = "force-dynamic";

export const POST = ssoStart;
