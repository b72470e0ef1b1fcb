import { NonRetriableError } from "inngest";
import { AppError, ExternalFailure, PermanentFailure } from "@/server/errors";
import type { JobEvent } from "@/server/events/outbox";

/**
 * The part of Inngest's `step` tools our workflows use, so each workflow is written once and runs under
 * Inngest (which passes its real tools) or under the embedded runner (which persists the same semantics):
 * a completed `run` is never executed again for the same workflow run, its result is replayed instead.
 * Step results are stored by the engine, so they carry ids and statuses, never secrets.
 */
export interface Step {
  run<T>(id: string, fn: () => Promise<T>): Promise<T>;
  sleepUntil(id: string, at: Date): Promise<void>;
  sendEvent(id: string, events: JobEvent | JobEvent[]): Promise<void>;
}

/** Thrown into a workflow when one of its steps failed for good (retries spent, or not retryable). */
export class StepFailedError extends Error {
  constructor(
    readonly stepId: string,
    message: string,
  ) {
    super(message);
    this.name = "StepFailedError";
  }
}

/** The message of whatever a step threw, for run records and notifications (connectors never put secrets in it). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether retrying cannot help: the data is gone or invalid (PermanentFailure, AppError), or the target refused
 * for good (an ExternalFailure that is not retryable, such as a connector's).
 */
export function isPermanent(error: unknown): boolean {
  if (error instanceof ExternalFailure) return !error.retryable;
  return error instanceof PermanentFailure || error instanceof AppError || error instanceof NonRetriableError;
}
