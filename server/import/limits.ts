/*
 * How much an import may read, in one place, so the upload check, the ZIP reader and the KeePass reader agree.
 * The issue sets 100 MB per file; the rest keeps a hostile file from spending the server's memory or CPU.
 */

/** The largest file an import accepts, and the most a file inside a ZIP may inflate to. */
export const maxImportFileBytes = 100 * 1024 * 1024;

/** The most rows (CSV records, JSON items, XML entries) one file may hold; the issue sets 200,000. */
export const maxImportRows = 200_000;

/** How much of a file detection reads to recognise its format (header row, XML root; JSON is read whole). */
export const detectSampleBytes = 64 * 1024;

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
