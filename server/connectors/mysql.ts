import "server-only";
import mysql from "mysql2/promise";
import { catalogEntry, mysqlOptionsSchema } from "@/lib/connector-catalog";
import { connectorFailure, errorCode, isTransient } from "./failure";
import type { Connector, ConnectorTarget, Login } from "./types";

const ACCESS_DENIED = "ER_ACCESS_DENIED_ERROR"; // 1045

function connect(target: ConnectorTarget, login: Login) {
  return mysql.createConnection({
    host: target.address,
    port: target.port,
    user: login.username,
    password: login.password,
    connectTimeout: 10_000,
    multipleStatements: false,
  });
}

type Connection = Awaited<ReturnType<typeof connect>>;

async function changePassword(connection: Connection, request: { user: string; host: string; newPassword: string; current: string | null }) {
  // mysql2 escapes with backslashes, which NO_BACKSLASH_ESCAPES would read literally: make this session agree.
  await connection.query("SET SESSION sql_mode = REPLACE(@@sql_mode, 'NO_BACKSLASH_ESCAPES', '')");
  if (request.current === null) {
    await connection.query(connection.format("ALTER USER ?@? IDENTIFIED BY ?", [request.user, request.host, request.newPassword]));
    return;
  }
  // Without the CREATE USER privilege an account may still change its own password, each server in its own words.
  const [rows] = await connection.query("SELECT VERSION() AS version");
  const [{ version } = { version: "" }] = rows as Array<{ version: string }>;
  const statement = version.includes("MariaDB")
    ? connection.format("SET PASSWORD = PASSWORD(?)", [request.newPassword])
    : connection.format("ALTER USER USER() IDENTIFIED BY ? REPLACE ?", [request.newPassword, request.current]);
  await connection.query(statement);
}

export const mysqlConnector: Connector = {
  ...catalogEntry("mysql"),

  async apply({ target, account, privileged, newPassword }) {
    const { accountHost } = mysqlOptionsSchema.parse(target.options);
    const login = privileged ?? account;
    const secrets = [newPassword, account.password, privileged?.password];
    // Applied before (the account already has the new password): nothing left to do, and the old one would fail.
    if (!privileged && (await mysqlConnector.verify(target, { username: account.username, password: newPassword })) === "ok") return;
    let connection: Connection | undefined;
    try {
      connection = await connect(target, login);
      await changePassword(connection, {
        user: account.username,
        host: accountHost,
        newPassword,
        current: privileged ? null : account.password,
      });
    } catch (error) {
      throw connectorFailure(`MySQL refused to change the password of '${account.username}'@'${accountHost}' as ${login.username}`, error, secrets);
    } finally {
      await connection?.end().catch(() => connection?.destroy());
    }
  },

  async verify(target, login) {
    let connection: Connection | undefined;
    try {
      connection = await connect(target, login);
      await connection.query("SELECT 1");
      return "ok";
    } catch (error) {
      if (errorCode(error) === ACCESS_DENIED) return "rejected";
      throw connectorFailure(`Could not log in to MySQL as ${login.username}`, error, [login.password], isTransient(error));
    } finally {
      await connection?.end().catch(() => connection?.destroy());
    }
  },
};
