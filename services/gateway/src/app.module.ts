import { type DynamicModule, Module } from '@nestjs/common';
import { AuthClientModule } from '@berth/auth-client';
import { DistributionClientModule } from '@berth/distribution-client';
import { MetadataClientModule } from '@berth/metadata-client';
import { ApiModule } from './api/api.module';
import { ChangeEventsModule } from './cache/change-events.module';
import { GatewayConfigModule } from './config/gateway-config.module';
import type { GatewayConfig } from './config/gateway.config';
import { HealthModule } from './health/health.module';
import { RegistryModule } from './registry/registry.module';
import { BlobStorageModule } from './storage/blob-storage.module';

/**
 * The gateway: the OCI Distribution API (/v2/), the token realm (/auth/token), the management API
 * (/api/v1) and /healthz.
 */
@Module({})
export class AppModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayConfigModule.forConfig(config),
        AuthClientModule.forAddress(() => config.BERTH_AUTH_ADDR),
        DistributionClientModule.forAddress(() => config.BERTH_DISTRIBUTION_ADDR),
        MetadataClientModule.forAddress(() => config.BERTH_METADATA_ADDR),
        BlobStorageModule.forConfig(config),
        RegistryModule,
        ApiModule,
        ChangeEventsModule,
        HealthModule,
      ],
    };
  }
}
