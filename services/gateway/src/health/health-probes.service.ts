import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createGrpcClient, type GrpcClientHandle } from '@berth/grpc';
import { healthV1 } from '@berth/proto';
import type { BlobDriver } from '@berth/storage';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { BLOB_DRIVER } from '../storage/blob-storage.module';

/** A key nothing ever stores: stat answers null when the store is reachable, throws when not. */
const STORAGE_PROBE_KEY = 'health/gateway-probe';
const PROBE_TIMEOUT_MS = 2000;

export interface HealthReport {
  ready: boolean;
  /** Per dependency: the gRPC serving status, "ok", or the error. */
  checks: Record<string, string>;
  failing: string[];
}

/**
 * Readiness of what the gateway needs: the gRPC health (grpc.health.v1) of auth, distribution,
 * metadata, import-scheduler and pruning, and a reachable blob store.
 */
@Injectable()
export class HealthProbesService implements OnApplicationShutdown {
  private readonly peers: Array<{ name: string; handle: GrpcClientHandle<healthV1.HealthClient> }>;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(BLOB_DRIVER) private readonly driver: BlobDriver,
  ) {
    const addresses: Record<string, string> = {
      auth: config.BERTH_AUTH_ADDR,
      distribution: config.BERTH_DISTRIBUTION_ADDR,
      metadata: config.BERTH_METADATA_ADDR,
      'import-scheduler': config.BERTH_IMPORT_SCHEDULER_ADDR,
      pruning: config.BERTH_PRUNING_ADDR,
    };
    this.peers = Object.entries(addresses).map(([name, address]) => ({
      name,
      handle: createGrpcClient<healthV1.HealthClient>('grpc.health.v1', 'Health', address),
    }));
  }

  async report(): Promise<HealthReport> {
    const checks: Record<string, string> = {};
    const failing: string[] = [];
    const probes = this.peers.map(async ({ name, handle }) => {
      try {
        const { status } = await handle.client.check({ service: '' }, { timeoutMs: PROBE_TIMEOUT_MS });
        checks[name] = String(status);
        if (status !== healthV1.HealthCheckResponse_ServingStatus.SERVING) failing.push(name);
      } catch (err) {
        checks[name] = `unreachable: ${(err as Error).message}`;
        failing.push(name);
      }
    });
    probes.push(
      (async () => {
        try {
          await withTimeout(this.driver.stat(STORAGE_PROBE_KEY), PROBE_TIMEOUT_MS);
          checks['storage'] = 'ok';
        } catch (err) {
          checks['storage'] = `unreachable: ${(err as Error).message}`;
          failing.push('storage');
        }
      })(),
    );
    await Promise.all(probes);
    failing.sort();
    return { ready: failing.length === 0, checks, failing };
  }

  onApplicationShutdown(): void {
    for (const { handle } of this.peers) handle.close();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (err: unknown) => (clearTimeout(timer), reject(err)),
    );
  });
}
