/**
 * The V8 flags the production server runs with. V8 reads them only when the process starts (setting them later, with
 * v8.setFlagsFromString, is undefined behaviour), and Node refuses them in NODE_OPTIONS, so they go on node's command
 * line: package.json's `start` script, and whatever else starts scripts/start.mjs (the benches, Playwright).
 *
 * --heap-growing-percent: how far, in percent, the old generation may grow past what survived its last full
 * collection before V8 collects again. V8's own factor scales with the machine's memory, up to 4× (300 %) on a server:
 * a burst of short-lived data that outlives the young generation (an import's 100,000 rows read, mapped, sealed and
 * inserted a batch at a time) then lifts the RSS by four times the live heap before a full collection runs, though
 * little of it is ever live at once. 25 % keeps the peak near the live heap, for more frequent full collections (each
 * about as long as the live heap is large: tens of milliseconds here). bench:import-http's 100,000-row import peaked at
 * 408–423 MB with 50 % and 388–394 MB with 25 %; bench:import timed 10,000 rows alike with both (5.0–5.3 s).
 *
 * --max-semi-space-size=4 (MB): each of the young generation's two halves. Node's default on a 64-bit machine is 16,
 * which an import's allocation rate fills: 24 MB more RSS for good (32 instead of 8), and about 40 MB more at the
 * import's peak. bench:import measured no slower import with 4 (10,000 rows at 1.6–2.6× its floor, against 2.3–3.0×).
 */
export const SERVER_NODE_FLAGS = ["--heap-growing-percent=25", "--max-semi-space-size=4"];
