import "server-only";
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { createConnection, type Socket } from "node:net";
import postgres from "postgres";
import { catalogEntry, postgresOptionsSchema } from "@/lib/connector-catalog";
import { connectorFailure, errorCode, isTransient } from "./failure";
import { type Connector, type ConnectorTarget, ConnectorError, type Login } from "./types";

// postgres.js documents the `socket` option (README, "Custom socket") but its types leave it out (porsager/postgres#968).
declare module "postgres" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- a merged interface must repeat its type parameter
  interface Options<T extends Record<string, PostgresType>> {
    /** Opens the connection instead of the driver (TLS, if asked for, is then negotiated over it). */
    socket?: (() => Promise<Socket>) | undefined;
  }
}

const rejectedCodes = new Set(["28P01", "28000"]); // invalid_password, invalid_authorization_specification

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens the TCP connection to the checked address ourselves: postgres.js splits a host string at ':' (so an IPv6
 * address became host "" = localhost, or port NaN), and this way the driver never picks an address at all. TLS
 * still works: postgres.js sends its SSLRequest over the socket and upgrades it.
 */
function dialChecked(target: ConnectorTarget): () => Promise<Socket> {
  return () =>
    new Promise((resolve, reject) => {
      const socket = createConnection({ host: target.address, port: target.port, timeout: CONNECT_TIMEOUT_MS });
      socket.once("connect", () => {
        socket.setTimeout(0);
        // postgres.js reads these off its sockets for its error messages (it sets them on the ones it opens).
        resolve(Object.assign(socket, { host: target.address, port: target.port }));
      });
      socket.once("timeout", () => socket.destroy(Object.assign(new Error(`connect ETIMEDOUT ${target.address}:${target.port}`), { code: "ETIMEDOUT" })));
      socket.once("error", reject);
    });
}

function connect(target: ConnectorTarget, login: Login) {
  const options = postgresOptionsSchema.parse(target.options);
  return postgres({
    socket: dialChecked(target),
    database: options.database,
    username: login.username,
    password: login.password,
    ssl: options.ssl === "require" ? "require" : false,
    connect_timeout: CONNECT_TIMEOUT_MS / 1000,
    idle_timeout: 1,
    max: 1,
    fetch_types: false,
    prepare: false,
    onnotice: () => {},
    connection: { application_name: "vaultline-rotation" },
  });
}

export function quoteIdentifier(name: string): string {
  if (name.includes("\0")) throw new ConnectorError("The role name contains a NUL character.", false);
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A string literal that means the same whatever standard_conforming_strings says: with a backslash in the value,
 * use E'' and double the backslashes (as libpq's PQescapeLiteral does); otherwise doubling quotes is enough.
 */
export function quoteLiteral(value: string): string {
  if (value.includes("\0")) throw new ConnectorError("The password contains a NUL character.", false);
  const quoted = value.replaceAll("'", "''");
  return value.includes("\\") ? `E'${quoted.replaceAll("\\", "\\\\")}'` : `'${quoted}'`;
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL would store, computed here (as psql's \password does) so the server, its
 * statement log and pg_stat_activity never see the password itself. Only for printable ASCII, where SASLprep
 * changes nothing; anything else goes as a literal and the server normalises it.
 */
function scramVerifier(password: string): string | null {
  if (!/^[\x20-\x7e]*$/.test(password)) return null;
  const iterations = 4096;
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

export const postgresConnector: Connector = {
  ...catalogEntry("postgres"),

  async apply({ target, account, privileged, newPassword }) {
    const login = privileged ?? account;
    const verifier = scramVerifier(newPassword);
    const secrets = [newPassword, account.password, privileged?.password, verifier];
    // Applied before (the account already has the new password): nothing left to do, and the old one would fail.
    if (!privileged && (await postgresConnector.verify(target, { username: account.username, password: newPassword })) === "ok") return;
    const sql = connect(target, login);
    try {
      const [{ version }] = await sql<[{ version: number }]>`select current_setting('server_version_num')::int as version`;
      // SCRAM verifiers arrived in PostgreSQL 10; older servers get the password and hash it themselves.
      const secret = verifier && version >= 100000 ? verifier : newPassword;
      await sql.unsafe(`ALTER ROLE ${quoteIdentifier(account.username)} PASSWORD ${quoteLiteral(secret)}`);
    } catch (error) {
      const code = errorCode(error);
      const retryable = isTransient(error) || code === "57P03" || code?.startsWith("08") === true || code?.startsWith("53") === true;
      throw connectorFailure(`PostgreSQL refused to change the password of ${account.username} as ${login.username}`, error, secrets, retryable);
    } finally {
      await sql.end({ timeout: 1 });
    }
  },

  async verify(target, login) {
    const sql = connect(target, login);
    try {
      await sql`select 1`;
      return "ok";
    } catch (error) {
      if (rejectedCodes.has(errorCode(error) ?? "")) return "rejected";
      throw connectorFailure(`Could not log in to PostgreSQL as ${login.username}`, error, [login.password], isTransient(error) || errorCode(error) === "57P03");
    } finally {
      await sql.end({ timeout: 1 });
    }
  },
};
