import type { SsoErrorCode } from "@/lib/sso";

/** A single sign-on that cannot go on; `code` is all the sign-in page is told (lib/sso.ts has the words). */
export class SsoError extends Error {
  constructor(readonly code: SsoErrorCode) {
    super(`Single sign-on failed: ${code}`);
    this.name = "SsoError";
  }
}
