/** The limits every import file is held to (issue 13, point 5), in one place so messages and checks agree. */
export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 200_000;

/** How much of a file detection reads to recognise its format (headers, first JSON keys, the XML root). */
export const DETECT_SAMPLE_BYTES = 64 * 1024;
