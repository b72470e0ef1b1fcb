import { z } from "zod";
import { zTaskResult, type TaskResult } from "../lib/agent-protocol";
import { readPrivateJson, writePrivateJson } from "./secure-file";

/**
 * What the agent must not forget between check-ins: results the server has not acknowledged yet. They are
 * saved right after each task runs, so a crash or a failed request never loses the outcome of a rotation.
 */
export const agentState = z.object({
  lastCheckinAt: z.iso.datetime().optional(),
  results: z.array(zTaskResult).default([]),
});
export type AgentState = z.infer<typeof agentState>;

/** The protocol accepts at most this many results per check-in; the rest wait for the next one. */
export const MAX_RESULTS_PER_CHECKIN = 100;

/** identity.json → identity.state.json, so two identities in one directory never share a state. */
export function statePathFor(identityPath: string): string {
  return `${identityPath.replace(/\.json$/, "")}.state.json`;
}

export function readState(filePath: string): AgentState {
  const raw = readPrivateJson(filePath);
  if (raw === undefined) return { results: [] };
  const parsed = agentState.safeParse(raw);
  if (!parsed.success) throw new Error(`${filePath} is not a valid agent state: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

export function writeState(filePath: string, state: AgentState): void {
  writePrivateJson(filePath, state);
}

export function hasResult(state: AgentState, taskId: string): boolean {
  return state.results.some((result) => result.taskId === taskId);
}

export function withResult(state: AgentState, result: TaskResult): AgentState {
  return { ...state, results: [...state.results.filter((r) => r.taskId !== result.taskId), result] };
}

export function resultsToReport(state: AgentState): TaskResult[] {
  return state.results.slice(0, MAX_RESULTS_PER_CHECKIN);
}

/** Drops only what the server listed as recorded; anything else is reported again next time. */
export function withoutAcknowledged(state: AgentState, acknowledged: readonly string[]): AgentState {
  const recorded = new Set(acknowledged);
  return { ...state, results: state.results.filter((result) => !recorded.has(result.taskId)) };
}
