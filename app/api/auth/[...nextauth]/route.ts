import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/next-auth";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

/** next-auth's endpoints, with options built at the first request rather than at import (see authOptions). */
async function handler(req: Request, context: RouteContext) {
  return NextAuth(req as never, context as never, authOptions());
}

export { handler as GET, handler as POST };
