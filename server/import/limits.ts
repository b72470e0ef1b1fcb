/*
 * How much an import may read, in one place, so the upload check, the parsers, the ZIP reader and the KeePass reader
 * agree (issue 13, point 5). The issue sets 100 MB and 200,000 rows per file; the rest keeps a hostile file from
 * spending the server's memory or CPU.
 */

/** The largest file an import accepts, and the most a file inside a ZIP may inflate to. */
export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;
export const maxImportFileBytes = IMPORT_MAX_BYTES;
export const IMPORT_MAX_ROWS = 200_000;

/** How much of a file detection reads to recognise its format (headers, first JSON keys, the XML root). */
export const DETECT_SAMPLE_BYTES = 64 * 1024;

/**
 * A ZIP entry that inflates more than this many times its stored size is refused as a ZIP bomb. Real CSV exports
 * compress 3–20×; deflate itself tops out near 1,032×, which only runs of a repeated byte reach.
 */
export const maxZipCompressionRatio = 100;

/** Below this many inflated bytes the ratio is not checked: a tiny file of repeated padding is harmless. */
export const zipRatioCheckFloorBytes = 1024 * 1024;

/**
 * The most key-derivation work a KeePass file may ask of the server before its password is even checked: KeePass
 * tunes these to one second on the user's machine, so real files stay far below, while a crafted header could ask
 * for gigabytes of memory or hours of rounds.
 */
export const kdbxKeyDerivationLimits = {
  argon2MaxMemoryKiB: 1024 * 1024,
  /** Memory (MiB) × passes: 64 MiB at 256 passes, or 1 GiB at 16. */
  argon2MaxMebibytePasses: 64 * 256,
  aesMaxRounds: 200_000_000,
} as const;
