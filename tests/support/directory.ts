import { Attribute, Change, Client } from "ldapts";
import type { DirectorySettingsInput } from "@/lib/directory";
import { plainPassword, randomSuffix, type LdapTarget } from "./targets";

/*
 * A directory of one test's own in the throwaway slapd: an OU with random name holding its people and groups, so a
 * sync whose base DN is that OU sees nothing of other tests. Changed as its administrator would (ldapts as rootdn).
 */

export type DirectoryPerson = { uid: string; dn: string; email: string; password: string };

/** `(pwdAccountLockedTime=000001010000Z)`: ppolicy's administrative lock, with no end. */
const LOCKED_FOR_GOOD = "000001010000Z";

export async function testDirectory(ldap: LdapTarget) {
  const base = `ou=run-${randomSuffix()},${ldap.suffix}`;
  const domain = `dir-${randomSuffix()}.test`;
  const asAdmin = async <T>(work: (client: Client) => Promise<T>) => {
    const client = new Client({ url: `ldap://${ldap.host}:${ldap.port}` });
    try {
      await client.bind(ldap.adminDn, ldap.adminPassword);
      return await work(client);
    } finally {
      await client.unbind();
    }
  };
  await asAdmin((c) => c.add(base, { objectClass: "organizationalUnit", ou: base.slice(3, base.indexOf(",")) }));

  return {
    base,
    domain,
    /** Settings for this directory (OpenLDAP preset), over ldaps:// checked against the test CA. */
    settings(over: Partial<DirectorySettingsInput> = {}): DirectorySettingsInput {
      return {
        enabled: true,
        url: `ldaps://127.0.0.1:${ldap.ldapsPort}`,
        startTls: false,
        caCertificate: ldap.caCertificate.trim(),
        bindDn: ldap.adminDn,
        bindPassword: ldap.adminPassword,
        baseDn: base,
        userFilter: "(objectClass=inetOrgPerson)",
        emailAttribute: "mail",
        nameAttribute: "cn",
        disabledFilter: "(pwdAccountLockedTime=*)",
        groupFilter: "(objectClass=groupOfNames)",
        groupMemberAttribute: "member",
        defaultRole: "technician",
        syncIntervalMinutes: 60,
        ...over,
      };
    },
    async addPerson(name: string, extra: Record<string, string> = {}): Promise<DirectoryPerson> {
      const uid = `${name.toLowerCase().replace(/\W+/g, "-")}-${randomSuffix()}`;
      const dn = `uid=${uid},${base}`;
      const password = plainPassword();
      const email = `${uid}@${domain}`;
      await asAdmin((c) => c.add(dn, { objectClass: "inetOrgPerson", uid, cn: name, sn: name.split(" ").at(-1)!, mail: email, userPassword: password, ...extra }));
      return { uid, dn, email, password };
    },
    addGroup(cn: string, members: DirectoryPerson[]) {
      return asAdmin((c) => c.add(`cn=${cn},${base}`, { objectClass: "groupOfNames", cn, member: members.map((m) => m.dn) }));
    },
    setGroupMembers(cn: string, members: DirectoryPerson[]) {
      return asAdmin((c) => c.modify(`cn=${cn},${base}`, new Change({ operation: "replace", modification: new Attribute({ type: "member", values: members.map((m) => m.dn) }) })));
    },
    disable(person: DirectoryPerson) {
      return asAdmin((c) => c.modify(person.dn, new Change({ operation: "replace", modification: new Attribute({ type: "pwdAccountLockedTime", values: [LOCKED_FOR_GOOD] }) })));
    },
    enable(person: DirectoryPerson) {
      return asAdmin((c) => c.modify(person.dn, new Change({ operation: "delete", modification: new Attribute({ type: "pwdAccountLockedTime" }) })));
    },
    async changePassword(person: DirectoryPerson): Promise<string> {
      const password = plainPassword();
      await asAdmin((c) => c.modify(person.dn, new Change({ operation: "replace", modification: new Attribute({ type: "userPassword", values: [password] }) })));
      return password;
    },
    setAttribute(person: DirectoryPerson, type: string, value: string) {
      return asAdmin((c) => c.modify(person.dn, new Change({ operation: "replace", modification: new Attribute({ type, values: [value] }) })));
    },
    remove(person: DirectoryPerson) {
      return asAdmin((c) => c.del(person.dn));
    },
  };
}
