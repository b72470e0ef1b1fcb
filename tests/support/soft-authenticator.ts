import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { PasskeyAssertion, PasskeyRegistration } from "@/lib/passkeys";

/**
 * A software WebAuthn authenticator for the tests: real P-256 keys, real CBOR attestation objects ("none" format)
 * and real ES256 signatures over authenticator data and the client data hash, so the server's verification runs in
 * full. What a browser would fill in (origin, RP ID) and what an authenticator would guard (its counter, user
 * verification) are options, so tests can make each one wrong on purpose.
 */
type Credential = { id: Buffer; privateKey: KeyObject; publicJwk: { x: string; y: string }; userHandle: string; rpID: string; counter: number };

type Ceremony = { origin?: string; rpID?: string; userVerified?: boolean };

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

export class SoftAuthenticator {
  readonly credentials: Credential[] = [];
  /** How much the counter moves per signature; 0 is an authenticator without a counter (synced passkeys). */
  counterStep = 1;

  constructor(readonly origin: string) {}

  private authData(rpID: string, counter: number, userVerified: boolean, attested?: Uint8Array): Buffer {
    // UP (0x01), UV (0x04), AT (0x40) when a credential is attested.
    const flags = 0x01 | (userVerified ? 0x04 : 0) | (attested ? 0x40 : 0);
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpID), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }

  private clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** navigator.credentials.create: a new resident credential for the options' user. */
  register(options: PublicKeyCredentialCreationOptionsJSON, ceremony: Ceremony = {}): PasskeyRegistration {
    const rpID = ceremony.rpID ?? options.rp.id!;
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" }) as { x: string; y: string };
    const id = randomBytes(32);
    const coseKey = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x, "base64url")],
        [-3, Buffer.from(jwk.y, "base64url")],
      ]),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, id, Buffer.from(coseKey)]);
    const authData = this.authData(rpID, 0, ceremony.userVerified ?? true, attested);
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([["fmt", "none"], ["attStmt", new Map()], ["authData", authData]]) as never);
    this.credentials.push({ id, privateKey, publicJwk: jwk, userHandle: options.user.id, rpID, counter: 0 });
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: "public-key",
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
      response: {
        clientDataJSON: b64url(this.clientData("webauthn.create", options.challenge, ceremony.origin ?? this.origin)),
        attestationObject: b64url(attestationObject),
        transports: ["internal"],
      },
    };
  }

  /** navigator.credentials.get with `credential` (the first one by default), signing the options' challenge. */
  authenticate(options: PublicKeyCredentialRequestOptionsJSON, ceremony: Ceremony & { credential?: number; counter?: number } = {}): PasskeyAssertion {
    const credential = this.credentials[ceremony.credential ?? 0]!;
    credential.counter = ceremony.counter ?? credential.counter + this.counterStep;
    const authData = this.authData(ceremony.rpID ?? options.rpId ?? credential.rpID, credential.counter, ceremony.userVerified ?? true);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, ceremony.origin ?? this.origin);
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: "public-key",
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
    };
  }
}
