import { ssoCallback } from "@/server/api/sso-http";

export const dynamic = "force-dynamic";

export const GET = ssoCallback;
