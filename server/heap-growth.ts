import { setFlagsFromString } from "node:v8";

/**
 * How far, in percent, V8 lets the old generation grow past what survived its last full collection before it
 * collects again. V8's own factor scales with the machine's memory, up to 4× (300 %) on a server: a burst of
 * short-lived data that outlives the young generation (an import's 100,000 rows read, mapped, sealed and inserted
 * a batch at a time) then lifts the process's RSS by four times the live heap before a full collection runs, though
 * little of it is ever live at once. 50 % keeps the peak near the live heap, for more frequent full collections (each
 * about as long as the live heap is large: tens of milliseconds here).
 */
const HEAP_GROWING_PERCENT = 50;

/** Bounds the heap's growth between full collections for this process (read by V8 at each collection). */
export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
