import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { GrpcHealthModule, HealthService } from '@berth/grpc';
import { HealthProbesService } from './health-probes.service';
import { HealthzController } from './healthz.controller';

/** The gateway's own grpc.health.v1 answers SERVING exactly when /healthz answers 200. */
@Injectable()
class GrpcReadiness implements OnModuleInit {
  constructor(
    @Inject(HealthService) private readonly health: HealthService,
    @Inject(HealthProbesService) private readonly probes: HealthProbesService,
  ) {}

  onModuleInit(): void {
    this.health.register('registry', async () => {
      const report = await this.probes.report();
      if (!report.ready) throw new Error(`not ready: ${report.failing.join(', ')}`);
    });
  }
}

/** `/healthz` and grpc.health.v1. */
@Module({
  imports: [GrpcHealthModule],
  controllers: [HealthzController],
  providers: [HealthProbesService, GrpcReadiness],
})
export class HealthModule {}
