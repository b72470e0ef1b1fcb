import { samlAcs } from "@/server/api/saml-http";

export const dynamic = "force-dynamic";

export const POST = samlAcs;
