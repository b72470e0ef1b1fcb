import { afterEach, describe, expect, it, vi } from "vitest";
import { logUnexpected } from "@/server/log-unexpected";

describe("logUnexpected", () => {
  afterEach(() => vi.restoreAllMocks());

  it("logs where it happened and only the first line, leaving out the query parameters drivers append", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    logUnexpected("agent api", new Error('duplicate key value violates unique constraint\nDETAIL: Key (secret)=(hunter2) exists.'));
    expect(log).toHaveBeenCalledOnce();
    expect(log.mock.calls[0]).toEqual(["[agent api] duplicate key value violates unique constraint"]);
  });

  it("logs a thrown value that is not an Error", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    logUnexpected("jobs", "tick\nsecond line");
    expect(log.mock.calls[0]).toEqual(["[jobs] tick"]);
  });
});
