import { csvFormat } from "../csv/csv-format";

/**
 * ManageEngine Password Manager Pro's "Import resources from CSV/TSV" layout: one row per account, the resource's
 * columns repeated for each of its accounts, in any column order (PMP maps by name). Resource Name and Account Name
 * are the mandatory columns; DNS Name/IP address, Description, Resource Type, Department, Location and custom
 * attributes come along in `extra` by header. The folder is the MSP edition's Organization, else the resource group,
 * else the department. Comma- or tab-separated (PMP takes .csv and .tsv/.txt).
 */
export const pmpCsv = csvFormat({
  id: "pmp-csv",
  label: "Password Manager Pro resources (CSV/TSV)",
  hasHeader: true,
  guessDelimiter: true,
  required: ["Resource Name", "Password"],
  columns: {
    title: ["Resource Name", "ResourceName"],
    username: ["Account Name", "User Account", "AccountName"],
    password: ["Password"],
    url: ["Resource URL", "ResourceURL", "URL"],
    notes: ["Notes"],
    folder: ["Organization", "Resource Group Name", "Resource Group", "Department"],
  },
  extra: { unmapped: "all" },
});
