import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * The auth service's active token-signing key, read from the embedded PostgreSQL of the stack
 * under test (its port from postmaster.pid, its password from the data directory). Only tests
 * that must forge a correctly signed token (e.g. one that has expired) use this: nothing in the
 * registry hands private keys out.
 */
export async function readActiveSigningKey(dataDir: string): Promise<{ kid: string; privateKeyPem: string }> {
  const pid = readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n');
  const port = Number(pid[3]);
  const password = readFileSync(join(dataDir, 'postgres-password'), 'utf8').trim();
  const client = new Client({ host: '127.0.0.1', port, user: 'berth', password, database: 'berth' });
  await client.connect();
  try {
    const res = await client.query<{ kid: string; private_key_pem: string }>(
      'SELECT kid, private_key_pem FROM auth.signing_keys WHERE retires_at IS NULL ORDER BY created_at DESC LIMIT 1',
    );
    if (res.rows.length !== 1) throw new Error('no active signing key in auth.signing_keys');
    return { kid: res.rows[0].kid, privateKeyPem: res.rows[0].private_key_pem };
  } finally {
    await client.end();
  }
}
