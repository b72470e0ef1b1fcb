import { z } from "zod";

/**
 * What each of the ⌘K palette's searches takes: a term, and how many of its kind to answer. The palette shows a few
 * of each kind and no total, not a list to page through; `shown` is the default for that kind.
 */
export const paletteSearchInput = (shown: number) =>
  z.object({
    term: z.string({ error: "Search must be text." }).trim().min(1, "Search is required.").max(200, "Search must be at most 200 characters."),
    limit: z.number({ error: "Limit must be a number." }).int().min(1, "Limit must be at least 1.").max(20, "Limit must be at most 20.").default(shown),
  });
