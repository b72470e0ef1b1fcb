import { and, eq, gt, isNull } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { userTokens } from "@/db/schema";
import { hashToken, randomToken } from "@/server/crypto";

type Purpose = "password_reset" | "email_verification";

/** Issues a single-use emailed token; only its hash is stored. Earlier unused tokens of the purpose die. */
export async function issueUserToken(tx: Tx, userId: string, purpose: Purpose, lifetimeMinutes: number) {
  const token = randomToken();
  await tx
    .update(userTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)));
  await tx.insert(userTokens).values({
    purpose,
    userId,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + lifetimeMinutes * 60_000),
  });
  return token;
}

/** Consumes a token: returns its user id once, or null when unknown, used or expired. */
export async function consumeUserToken(tx: Tx, token: string, purpose: Purpose): Promise<string | null> {
  const [row] = await tx
    .update(userTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(userTokens.tokenHash, hashToken(token)),
        eq(userTokens.purpose, purpose),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, new Date()),
      ),
    )
    .returning({ userId: userTokens.userId });
  return row?.userId ?? null;
}
