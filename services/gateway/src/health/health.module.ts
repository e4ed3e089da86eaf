import { Module } from '@nestjs/common';
import { HealthProbesService } from './health-probes.service';
import { HealthzController } from './healthz.controller';

/** `/healthz`. */
@Module({ controllers: [HealthzController], providers: [HealthProbesService] })
export class HealthModule {}
