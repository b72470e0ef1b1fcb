/** Reported at enrollment and at every check-in; bump with every change to the agent's behaviour. */
export const AGENT_VERSION = "1.0.0";
