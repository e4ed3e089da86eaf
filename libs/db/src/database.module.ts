import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HealthService } from '@berth/grpc';
import type { DataSource } from 'typeorm';
import { openServiceDataSource, type ServiceDatabaseOptions } from './data-source';

/** Injection token of a service's TypeORM DataSource. */
export const DATA_SOURCE = Symbol('DATA_SOURCE');

@Injectable()
class DataSourceLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly health: HealthService,
  ) {}

  onModuleInit(): void {
    this.health.register('postgres', async () => {
      await this.ds.query('SELECT 1');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

/**
 * A service's database: opens its schema, runs its migrations, registers a
 * readiness check, and closes the pool on shutdown. Needs GrpcHealthModule.
 */
@Module({})
export class DatabaseModule {
  static forService(options: () => ServiceDatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        { provide: DATA_SOURCE, useFactory: () => openServiceDataSource(options()) },
        DataSourceLifecycle,
      ],
      exports: [DATA_SOURCE],
    };
  }
}
