import { Module } from '@nestjs/common';
import { ApiRoutesRegistrar } from './api-routes.registrar';

/** The management REST API under /api/v1 (auth's IdentityService and ProjectsService over HTTP). */
@Module({ providers: [ApiRoutesRegistrar] })
export class ApiModule {}
