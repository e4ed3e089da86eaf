import { Global, Module } from '@nestjs/common';
import { HealthGrpcController } from './health.grpc.controller';
import { HealthService } from './health.service';

/** Serves grpc.health.v1 for a service; inject HealthService to register readiness checks. */
@Global()
@Module({
  controllers: [HealthGrpcController],
  providers: [HealthService],
  exports: [HealthService],
})
export class GrpcHealthModule {}
