import "server-only";
import { isIP } from "node:net";
import { Attribute, Change, Client, InvalidCredentialsError } from "ldapts";
import { catalogEntry, type LdapOptions, ldapOptionsSchema } from "@/lib/connector-catalog";
import { connectorFailure, isTransient } from "./failure";
import type { Connector, ConnectorTarget, Login } from "./types";

const PASSWORD_MODIFY_OID = "1.3.6.1.4.1.4203.1.11.1"; // RFC 3062
const BUSY = 51;
const UNAVAILABLE = 52;

function retryable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return isTransient(error) || code === BUSY || code === UNAVAILABLE || /timeout/i.test(String((error as Error).message));
}

/** ldapts says "<server diagnostic> Code: 0x31"; a technician needs "invalid credentials (LDAP result 49)". */
function readableLdapError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (!(error instanceof Error) || typeof code !== "number") return error;
  const name = error.name.replace(/Error$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  const diagnostic = error.message.replace(/\s*Code: 0x[0-9a-f]+$/i, "").trim();
  return new Error(`${name} (LDAP result ${code})${diagnostic ? `: ${diagnostic}` : ""}`);
}

async function open(target: ConnectorTarget, options: LdapOptions): Promise<Client> {
  const host = isIP(target.address) === 6 ? `[${target.address}]` : target.address;
  // We dial the checked address, but the certificate names the host the technician typed.
  const tlsOptions = { rejectUnauthorized: options.rejectUnauthorized, servername: isIP(target.host) ? undefined : target.host };
  const client = new Client({
    url: `${options.tls === "ldaps" ? "ldaps" : "ldap"}://${host}:${target.port}`,
    timeout: 10_000,
    connectTimeout: 10_000,
    // ldapts speaks TLS from the first byte whenever it is given TLS options: only for ldaps.
    tlsOptions: options.tls === "ldaps" ? tlsOptions : undefined,
  });
  if (options.tls === "starttls") await client.startTLS(tlsOptions);
  return client;
}

/** Short names go to options.userDn; a full DN (the privileged login, say) binds as itself. */
function bindDn(login: Login, options: LdapOptions): string {
  return login.username.includes("=") ? login.username : options.userDn;
}

/** Active Directory takes the password as a quoted UTF-16LE string. */
function unicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, "utf16le");
}

function berLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function berElement(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), berLength(content.length), content]);
}

/** PasswdModifyRequestValue ::= SEQUENCE { userIdentity [0], oldPasswd [1] OPTIONAL, newPasswd [2] } */
function passwordModifyRequest(userDn: string, oldPassword: string | null, newPassword: string): Buffer {
  const fields = [berElement(0x80, Buffer.from(userDn, "utf8"))];
  if (oldPassword !== null) fields.push(berElement(0x81, Buffer.from(oldPassword, "utf8")));
  fields.push(berElement(0x82, Buffer.from(newPassword, "utf8")));
  return berElement(0x30, Buffer.concat(fields));
}

async function supportsPasswordModify(client: Client): Promise<boolean> {
  const { searchEntries } = await client.search("", { scope: "base", attributes: ["supportedExtension"] });
  const extensions = searchEntries[0]?.supportedExtension ?? [];
  return ([] as unknown[]).concat(extensions).includes(PASSWORD_MODIFY_OID);
}

export const ldapConnector: Connector = {
  ...catalogEntry("ldap"),

  async apply({ target, account, privileged, newPassword }) {
    const options = ldapOptionsSchema.parse(target.options);
    const secrets = [newPassword, account.password, privileged?.password];
    // Applied before (the account already has the new password): nothing left to do, and the old one would fail.
    if (!privileged && (await ldapConnector.verify(target, { username: options.userDn, password: newPassword })) === "ok") return;
    const login = privileged ?? { username: options.userDn, password: account.password };
    let client: Client | undefined;
    try {
      client = await open(target, options);
      await client.bind(bindDn(login, options), login.password);
      if (options.activeDirectory) {
        // A reset (replace) needs the reset-password right; a user changing its own proves the old one (delete+add).
        const changes = privileged
          ? [new Change({ operation: "replace", modification: new Attribute({ type: "unicodePwd", values: [unicodePwd(newPassword)] }) })]
          : [
              new Change({ operation: "delete", modification: new Attribute({ type: "unicodePwd", values: [unicodePwd(account.password)] }) }),
              new Change({ operation: "add", modification: new Attribute({ type: "unicodePwd", values: [unicodePwd(newPassword)] }) }),
            ];
        await client.modify(options.userDn, changes);
      } else if (await supportsPasswordModify(client)) {
        // The server hashes the password by its own policy; a plain replace would store what we send, in clear.
        await client.exop(PASSWORD_MODIFY_OID, passwordModifyRequest(options.userDn, privileged ? null : account.password, newPassword));
      } else {
        await client.modify(options.userDn, new Change({ operation: "replace", modification: new Attribute({ type: "userPassword", values: [newPassword] }) }));
      }
    } catch (error) {
      throw connectorFailure(`LDAP refused to change the password of ${options.userDn} as ${bindDn(login, options)}`, readableLdapError(error), secrets, retryable(error));
    } finally {
      await client?.unbind().catch(() => {});
    }
  },

  async verify(target, login) {
    const options = ldapOptionsSchema.parse(target.options);
    // An empty password makes an unauthenticated bind, which succeeds for anyone (RFC 4513 5.1.2).
    if (login.password.length === 0) return "rejected";
    let client: Client | undefined;
    try {
      client = await open(target, options);
      await client.bind(bindDn(login, options), login.password);
      return "ok";
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return "rejected";
      throw connectorFailure(`Could not bind to LDAP as ${bindDn(login, options)}`, readableLdapError(error), [login.password], retryable(error));
    } finally {
      await client?.unbind().catch(() => {});
    }
  },
};
