import "server-only";
import { catalogEntry } from "@/lib/connector-catalog";
import { type Connector, ConnectorError } from "./types";

/**
 * A local account on an agent device: the device's own agent changes it. Nothing is dialled from the server;
 * the rotation workflow hands the agent a sealed task (server/services/agents/agent-tasks.ts) and promotes or
 * fails the run on the agent's report.
 */
export const agentConnector: Connector = {
  ...catalogEntry("agent"),
  async apply() {
    throw new ConnectorError("Agent targets are changed by their agent, through a task.", false);
  },
  async verify() {
    throw new ConnectorError("An agent target cannot be checked from the server.", false);
  },
};
