import "server-only";
import type { ConnectorKind } from "@/lib/connector-catalog";
import { agentConnector } from "./agent";
import { ldapConnector } from "./ldap";
import { manualConnector } from "./manual";
import { mysqlConnector } from "./mysql";
import { postgresConnector } from "./postgres";
import { sshConnector } from "./ssh";
import type { Connector } from "./types";

const connectors: Record<ConnectorKind, Connector> = {
  postgres: postgresConnector,
  mysql: mysqlConnector,
  ssh: sshConnector,
  ldap: ldapConnector,
  manual: manualConnector,
  agent: agentConnector,
};

export { resolveTarget } from "./network-guard";

/** The connector that changes passwords on targets of this kind. */
export function connectorFor(kind: ConnectorKind): Connector {
  return connectors[kind];
}
