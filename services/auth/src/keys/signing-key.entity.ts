import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Row of "auth"."signing_keys" (created by migration CreateSigningKeys). Private to the auth service. */
@Entity({ schema: 'auth', name: 'signing_keys' })
export class SigningKeyEntity {
  @PrimaryColumn({ type: 'text' })
  kid!: string;

  /** PKCS#8 PEM. Stored in clear in issue 2; never logged, never leaves this service. */
  @Column({ name: 'private_key_pem', type: 'text' })
  privateKeyPem!: string;

  /** SubjectPublicKeyInfo PEM. */
  @Column({ name: 'public_key_pem', type: 'text' })
  publicKeyPem!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Set when a newer key takes over signing; null while this key is the active one. */
  @Column({ name: 'retires_at', type: 'timestamptz', nullable: true })
  retiresAt!: Date | null;

  /** After this, tokens signed with the key are no longer accepted; null while active. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}
