import { samlMetadata } from "@/server/api/saml-http";

export const dynamic = "force-dynamic";

export const GET = samlMetadata;
