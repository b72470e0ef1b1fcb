import "server-only";
import { catalogEntry } from "@/lib/connector-catalog";
import { type Connector, ConnectorError } from "./types";

/** A person changes the password: the rotation workflow turns this target into a technician's task. */
export const manualConnector: Connector = {
  ...catalogEntry("manual"),
  // Nothing to dial: the workflow creates the task, and the technician records the new password when done.
  async apply() {},
  async verify() {
    throw new ConnectorError("A manual target cannot be checked automatically.", false);
  },
};
