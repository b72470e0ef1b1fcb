export const deviceTypes = ["server", "workstation", "network", "printer", "firewall", "cloud", "other"] as const;
export type DeviceType = (typeof deviceTypes)[number];

export const deviceTypeLabels: Record<DeviceType, string> = {
  server: "Server",
  workstation: "Workstation",
  network: "Network",
  printer: "Printer",
  firewall: "Firewall",
  cloud: "Cloud",
  other: "Other",
};

export const deviceKindLabels = { agent: "Agent", non_agent: "Non-agent" } as const;
