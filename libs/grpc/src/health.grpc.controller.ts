import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { healthV1 } from '@berth/proto';
import { Observable } from 'rxjs';
import { HealthService } from './health.service';

type Status = healthV1.HealthCheckResponse_ServingStatus;
const { SERVING, NOT_SERVING } = healthV1.HealthCheckResponse_ServingStatus;

/** grpc.health.v1.Health: SERVING when every readiness check of the service passes. */
@Controller()
export class HealthGrpcController {
  constructor(private readonly health: HealthService) {}

  @GrpcMethod('Health', 'Check')
  async check(_request: healthV1.HealthCheckRequest): Promise<healthV1.HealthCheckResponse> {
    return { status: await this.status() };
  }

  @GrpcMethod('Health', 'Watch')
  watch(_request: healthV1.HealthCheckRequest): Observable<healthV1.HealthCheckResponse> {
    return new Observable((subscriber) => {
      let last: Status | undefined;
      let stopped = false;
      const tick = async () => {
        if (stopped) return;
        const status = await this.status();
        if (status !== last) subscriber.next({ status });
        last = status;
        timer = setTimeout(tick, 1000);
      };
      let timer = setTimeout(tick, 0);
      return () => {
        stopped = true;
        clearTimeout(timer);
      };
    });
  }

  private async status(): Promise<Status> {
    return (await this.health.failing()).length === 0 ? SERVING : NOT_SERVING;
  }
}
