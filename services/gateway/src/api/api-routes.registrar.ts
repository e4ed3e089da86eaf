import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import {
  IDENTITY_CLIENT,
  PROJECTS_CLIENT,
  type IdentityClient,
  type ProjectsClient,
} from '@berth/auth-client';
import { apiRoutes } from './api-routes';
import { registerApiRoutes } from './api-routes.plugin';

/** Puts the /api/v1 route table on the gateway's Fastify instance. */
@Injectable()
export class ApiRoutesRegistrar implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(IDENTITY_CLIENT) private readonly identity: IdentityClient,
    @Inject(PROJECTS_CLIENT) private readonly projects: ProjectsClient,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    registerApiRoutes(fastify, apiRoutes({ identity: this.identity, projects: this.projects }));
  }
}
