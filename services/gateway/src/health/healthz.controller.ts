import { Controller, Get, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { OciExceptionFilter } from '../http/oci-exception.filter';
import { HealthProbesService } from './health-probes.service';

/** `GET /healthz`: 200 when every dependency is ready, else 503 naming those that are not. */
@Controller('healthz')
@UseFilters(OciExceptionFilter)
export class HealthzController {
  constructor(private readonly probes: HealthProbesService) {}

  @Get()
  async healthz(@Res() reply: FastifyReply): Promise<void> {
    const report = await this.probes.report();
    const body = report.ready
      ? { status: 'ok', checks: report.checks }
      : { status: 'unavailable', failing: report.failing, checks: report.checks };
    await reply
      .code(report.ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(body));
  }
}
